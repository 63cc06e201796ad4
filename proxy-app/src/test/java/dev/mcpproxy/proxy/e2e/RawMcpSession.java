package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal MCP client over raw HTTP that keeps every message as JSON, so tests can compare what an
 * upstream sends directly with what reaches a client through the proxy, field for field.
 */
final class RawMcpSession {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final AtomicInteger ids = new AtomicInteger();
    private String sessionId;
    private String protocolVersion;

    private RawMcpSession(URI endpoint) {
        this.endpoint = endpoint;
    }

    static RawMcpSession open(String endpoint) throws IOException, InterruptedException {
        RawMcpSession session = new RawMcpSession(URI.create(endpoint));
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2025-11-25");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "raw-test").put("version", "1");
        Exchange init = session.exchange("initialize", params);
        session.sessionId = init.response.headers().firstValue("Mcp-Session-Id").orElse(null);
        session.protocolVersion = init.last().at("/result/protocolVersion").asText();
        session.post(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        return session;
    }

    /** Every item of a listing, all pages. */
    ArrayNode listAll(String method, String field) throws IOException, InterruptedException {
        ArrayNode items = JSON.createArrayNode();
        String cursor = null;
        do {
            ObjectNode params = JSON.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = exchange(method, params).last().get("result");
            items.addAll((ArrayNode) result.get(field));
            cursor = result.path("nextCursor").isTextual() ? result.get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    /** Sends one request; returns every message of the reply (SSE events, or the one JSON body). */
    Exchange exchange(String method, ObjectNode params) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", params);
        return post(request);
    }

    Exchange post(ObjectNode message) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        HttpResponse<String> response = http.send(withSession(builder).build(), HttpResponse.BodyHandlers.ofString());
        return new Exchange(response, messages(response));
    }

    /** The session's GET stream: what the server sends outside any request. */
    HttpResponse<java.io.InputStream> openStream() throws IOException, InterruptedException {
        return http.send(withSession(HttpRequest.newBuilder(endpoint).header("Accept", "text/event-stream").GET())
                .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Ends the session (DELETE); the HTTP status. */
    int end() throws IOException, InterruptedException {
        return http.send(withSession(HttpRequest.newBuilder(endpoint).DELETE()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder withSession(HttpRequest.Builder builder) {
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            builder.header("MCP-Protocol-Version", protocolVersion);
        }
        return builder;
    }

    private static List<JsonNode> messages(HttpResponse<String> response) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/event-stream")) {
            for (String event : response.body().split("\r?\n\r?\n")) {
                StringBuilder data = new StringBuilder();
                for (String line : event.split("\r?\n")) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
                if (!data.isEmpty()) {
                    messages.add(JSON.readTree(data.toString()));
                }
            }
        } else if (!response.body().isEmpty()) {
            messages.add(JSON.readTree(response.body()));
        }
        return messages;
    }

    record Exchange(HttpResponse<String> response, List<JsonNode> messages) {
        JsonNode last() {
            return messages.getLast();
        }

        boolean streamed() {
            return response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        }
    }
}
