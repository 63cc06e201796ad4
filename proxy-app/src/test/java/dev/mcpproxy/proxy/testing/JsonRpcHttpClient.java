package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Posts JSON-RPC messages to the proxy like an MCP client: fixed extra headers on every request,
 * the session id once the proxy hands one out, JSON or single-event SSE answers parsed.
 */
public final class JsonRpcHttpClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final Map<String, String> headers;
    private String sessionId;

    public JsonRpcHttpClient(URI endpoint, Map<String, String> headers) {
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
    }

    /** Initializes the session (initialize, then notifications/initialized). */
    public JsonRpcHttpClient initialize() throws Exception {
        post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return this;
    }

    /** The answer to {@code body}, or null for an accepted notification. */
    public JsonNode post(String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 200 || response.statusCode() > 202) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
        if (response.body().isEmpty()) {
            return null;
        }
        String json = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")
                ? response.body().lines().filter(line -> line.startsWith("data:")).reduce((a, b) -> b)
                        .orElseThrow().substring("data:".length()).strip()
                : response.body();
        return JSON.readTree(json);
    }

    /** A {@code tools/call} of {@code tool} without arguments. */
    public JsonNode callTool(int id, String tool) throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + JSON.writeValueAsString(tool) + ",\"arguments\":{}}}");
    }
}
