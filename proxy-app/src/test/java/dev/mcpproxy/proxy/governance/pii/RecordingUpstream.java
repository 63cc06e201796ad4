package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stateless MCP upstream that records the arguments of every {@code tools/call} it receives and
 * echoes them back, as text content and as {@code structuredContent}. Tool: {@code remember}.
 */
final class RecordingUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    private RecordingUpstream(HttpServer server) {
        this.server = server;
    }

    static RecordingUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordingUpstream upstream = new RecordingUpstream(server);
        server.createContext("/mcp", upstream::handle);
        server.start();
        return upstream;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** The arguments of each {@code tools/call}, in order of arrival. */
    List<JsonNode> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode message = JSON.readTree(exchange.getRequestBody());
        if (!message.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0").set("id", message.get("id"));
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "initialize" -> {
                ObjectNode result = response.putObject("result")
                        .put("protocolVersion", params.path("protocolVersion").asText("2025-06-18"));
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "recording").put("version", "1");
            }
            case "ping" -> response.putObject("result");
            case "tools/list" -> response.putObject("result").putArray("tools").addObject()
                    .put("name", "remember").put("description", "Stores a note")
                    .putObject("inputSchema").put("type", "object");
            case "tools/call" -> {
                JsonNode arguments = params.path("arguments");
                received.add(arguments.deepCopy());
                ObjectNode result = response.putObject("result");
                result.putArray("content").addObject().put("type", "text").put("text", arguments.toString());
                result.set("structuredContent", arguments.deepCopy());
            }
            default -> response.putObject("error").put("code", -32601).put("message", "Method not found");
        }
        byte[] body = JSON.writeValueAsBytes(response);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
