package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A scripted stateless MCP server for what real servers do not do on demand. It lists the tool
 * {@code misbehave}, which answers with what {@code arguments.answer} asks for: {@code 500},
 * {@code garbage}, {@code slow} (nothing for a minute), {@code huge} (a 1 MiB result) or
 * {@code grow} (from then on one more tool, {@code grown}, is listed, and the answer streams
 * {@code notifications/tools/list_changed} before its result).
 */
final class ScriptedUpstreamPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private volatile boolean grown;

    ScriptedUpstreamPeer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode message = JSON.readTree(exchange.getRequestBody());
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String id = message.get("id").toString();
            switch (message.path("method").asText()) {
                case "initialize" -> send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"misbehaving\",\"version\":\"1\"}}}");
                case "tools/list" -> send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{"
                        + "\"tools\":[{\"name\":\"misbehave\",\"inputSchema\":{\"type\":\"object\"}}"
                        + (grown ? ",{\"name\":\"grown\",\"inputSchema\":{\"type\":\"object\"}}" : "") + "]}}");
                case "tools/call" -> misbehave(exchange, id, message.at("/params/arguments/answer").asText());
                default -> send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
            }
        }
    }

    private void misbehave(HttpExchange exchange, String id, String how) throws IOException {
        switch (how) {
            case "grow" -> {
                grown = true;
                byte[] events = ("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"
                        + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"grown\"}]}}\n\n")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, events.length);
                exchange.getResponseBody().write(events);
            }
            case "500" -> send(exchange, 500, "{\"message\":\"internal failure\"}");
            case "slow" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "huge" -> send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + "x".repeat(1 << 20) + "\"}]}}");
            default -> send(exchange, 200, "<html>this is not JSON-RPC</html>");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
