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
 * A stateless MCP upstream that records what it receives and echoes it back: the arguments of
 * every {@code tools/call} (tool {@code remember}) as text content and as {@code structuredContent},
 * the arguments of {@code prompts/get} (prompt {@code note}) as a message, the URI of
 * {@code resources/read} (template {@code rec://customers/{key}}) as contents, the argument of
 * {@code completion/complete} as the completion value. {@link #requests()} holds every request's params.
 */
final class RecordingUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

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

    /** Every request (not {@code initialize}) as {@code {"method": ..., "params": ...}}, in order of arrival. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** The params of the requests of {@code method} received since index {@code from} of {@link #requests()}. */
    List<JsonNode> requests(String method, int from) {
        List<JsonNode> all = requests();
        return all.subList(Math.min(from, all.size()), all.size()).stream()
                .filter(request -> method.equals(request.path("method").asText()))
                .map(request -> request.path("params")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode message = JSON.readTree(exchange.getRequestBody());
        if (message.has("id") && !"initialize".equals(message.path("method").asText())) {
            requests.add(JSON.createObjectNode().put("method", message.path("method").asText())
                    .set("params", message.path("params").deepCopy()));
        }
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
                ObjectNode capabilities = result.putObject("capabilities");
                capabilities.putObject("tools");
                capabilities.putObject("prompts");
                capabilities.putObject("resources").put("subscribe", true);
                capabilities.putObject("completions");
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
            case "prompts/list" -> response.putObject("result").putArray("prompts").addObject()
                    .put("name", "note").putArray("arguments").addObject().put("name", "text");
            case "prompts/get" -> response.putObject("result").putArray("messages").addObject().put("role", "user")
                    .putObject("content").put("type", "text").put("text", params.path("arguments").toString());
            case "resources/list" -> response.putObject("result").putArray("resources");
            case "resources/templates/list" -> response.putObject("result").putArray("resourceTemplates").addObject()
                    .put("uriTemplate", "rec://customers/{key}").put("name", "customer");
            case "resources/read" -> response.putObject("result").putArray("contents").addObject()
                    .put("uri", params.path("uri").asText()).put("mimeType", "text/plain")
                    .put("text", "read " + params.path("uri").asText());
            case "resources/subscribe" -> response.putObject("result");
            case "completion/complete" -> response.putObject("result").putObject("completion")
                    .put("hasMore", false).putArray("values").add(params.path("argument").path("value").asText());
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
