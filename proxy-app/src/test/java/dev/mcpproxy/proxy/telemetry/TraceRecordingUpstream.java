package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A minimal stateless MCP server (tools {@code echo}, {@code fail} answering isError, {@code secret}) that remembers the {@code traceparent}
 * header of every request by JSON-RPC method: the far end of the trace in tests.
 */
final class TraceRecordingUpstream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();

    TraceRecordingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    /** The traceparent the last request of {@code method} carried, or null. */
    String traceparentOf(String method) {
        return traceparents.get(method);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String method = message.path("method").asText();
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                traceparents.put(method, traceparent);
            }
            if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                return;
            }
            String result = switch (method) {
                case "initialize" -> "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"trace-recorder\",\"version\":\"1\"}}";
                case "tools/list" -> "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                        + "{\"name\":\"fail\",\"inputSchema\":{\"type\":\"object\"}},"
                        + "{\"name\":\"secret\",\"inputSchema\":{\"type\":\"object\"}}]}";
                case "tools/call" -> "fail".equals(message.at("/params/name").asText())
                        ? "{\"content\":[{\"type\":\"text\",\"text\":\"failed\"}],\"isError\":true}"
                        : "{\"content\":[{\"type\":\"text\",\"text\":\"echo\"}]}";
                default -> "{}";
            };
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":" + result + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
