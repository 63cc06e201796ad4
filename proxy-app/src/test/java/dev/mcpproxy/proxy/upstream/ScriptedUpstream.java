package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

/**
 * A misbehaving HTTP peer for fault tests (JDK HttpServer): it initializes like a stateless MCP
 * server of the 2025 era (so it does not know {@code server/discover}) and answers every other POST
 * with {@link Behaviour}. Real MCP servers do not produce
 * garbage or 5xx on demand, so these faults need a scripted one.
 */
class ScriptedUpstream implements AutoCloseable {

    @FunctionalInterface
    interface Behaviour {
        void answer(HttpExchange exchange, ObjectNode message) throws IOException;
    }

    /** Every request the peer received: method, headers and body, for assertions. */
    record Received(String method, com.sun.net.httpserver.Headers headers, ObjectNode body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour;

    ScriptedUpstream(Behaviour behaviour) {
        this(behaviour, null);
    }

    /** @param tls serves HTTPS (HTTP/1.1, no ALPN) with this context, or plain HTTP when null */
    ScriptedUpstream(Behaviour behaviour, SSLContext tls) {
        this.behaviour = behaviour;
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    List<Received> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode message = body.length == 0 ? null : (ObjectNode) McpMessages.MAPPER.readTree(body);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders(), message));
            if ("DELETE".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                onGet(exchange);
                return;
            }
            String method = message.path("method").asText();
            if (method.equals("initialize")) {
                exchange.getResponseHeaders().set("Mcp-Session-Id", "session-1");
                json(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"scripted\",\"version\":\"1\"}}}");
            } else if (method.equals("server/discover")) {
                json(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id")
                        + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}");
            } else if (!message.has("id")) {
                exchange.sendResponseHeaders(202, -1);
                if (!method.equals("notifications/initialized")) {
                    onNotification(message);
                }
            } else {
                behaviour.answer(exchange, message);
            }
        }
    }

    /** Answers a GET (the event stream); 405 unless overridden. */
    void onGet(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(405, -1);
    }

    /** Called for every notification but {@code notifications/initialized}, after it was accepted. */
    void onNotification(ObjectNode notification) {
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static String result(ObjectNode request, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
