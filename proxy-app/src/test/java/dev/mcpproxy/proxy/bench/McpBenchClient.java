package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.upstream.StreamableHttpConnection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Streamable-HTTP MCP client for load generation: the same code path, byte for byte,
 * whether it talks to the upstream directly or through the proxy, so only the proxy differs. In
 * the 2026-07-28 era ({@link #modern}) it starts without a handshake and every request carries the
 * per-request {@code _meta} keys and the {@code Mcp-Method} / {@code Mcp-Name} headers.
 */
final class McpBenchClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/json, text/event-stream";
    /** What the proxy speaks to its upstreams, so that a direct and a proxied call cost the upstream the same. */
    private static final String PROTOCOL_VERSION = StreamableHttpConnection.LATEST_PROTOCOL_VERSION;

    private static final String MODERN_VERSION = "2026-07-28";
    private static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
            + MODERN_VERSION + "\",\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"mcp-proxy-bench\",\"version\":\"1\"}}";
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final URI endpoint;
    private final boolean modern;
    private final AtomicLong ids = new AtomicLong();
    private volatile String sessionId;
    /** The last params and their Mcp-Name: a load round sends the same params on every call. */
    private volatile String namedParams;
    private volatile String name;

    McpBenchClient(HttpClient http, URI endpoint) {
        this(http, endpoint, false);
    }

    McpBenchClient(HttpClient http, URI endpoint, boolean modern) {
        this.http = http;
        this.endpoint = endpoint;
        this.modern = modern;
    }

    static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Runs the handshake (none in the 2026-07-28 era); keeps the session id if the server issues one. */
    void initialize() throws IOException, InterruptedException {
        if (modern) {
            return;
        }
        String body = """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},
                "clientInfo":{"name":"mcp-proxy-bench","version":"1"}}}""".formatted(PROTOCOL_VERSION);
        HttpResponse<String> response = post(body);
        requireOk(response, "initialize");
        sessionId = response.headers().firstValue("Mcp-Session-Id").orElse(null);
        post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** Ends the session, if the server issued one; a failure only means the server forgot it already. */
    void close() {
        String session = sessionId;
        if (session == null) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", PROTOCOL_VERSION).DELETE().build(), BodyHandlers.discarding());
        } catch (IOException e) {
            // Nothing to clean up on our side.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends one request and returns the JSON-RPC response message, from a JSON or an SSE reply. */
    JsonNode request(String method, String paramsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = modern ? postModern(method, paramsJson) : post(requestBody(method, paramsJson));
        requireOk(response, method);
        return JSON.readTree(responseMessage(response.body()));
    }

    /**
     * The hot path: sends one request and checks that a successful result came back, without
     * parsing it, so the load generator spends as little CPU as possible per call.
     */
    void call(String method, String paramsJson, String successMarker) throws IOException, InterruptedException {
        HttpResponse<String> response = modern ? postModern(method, paramsJson) : post(requestBody(method, paramsJson));
        requireOk(response, method);
        if (!response.body().contains(successMarker)) {
            throw new IOException(method + " answered without " + successMarker);
        }
    }

    private String requestBody(String method, String paramsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"" + method
                + "\",\"params\":" + paramsJson + "}";
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT)
                .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                .POST(BodyPublishers.ofString(body));
        String session = sessionId;
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** A 2026-07-28 request: {@code _meta} first in params, the headers mirrored from the body. */
    private HttpResponse<String> postModern(String method, String paramsJson) throws IOException, InterruptedException {
        String params = paramsJson.strip();
        String withMeta = "{" + MODERN_META + (params.equals("{}") ? "}" : "," + params.substring(1));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT)
                .header("MCP-Protocol-Version", MODERN_VERSION)
                .header("Mcp-Method", method)
                .POST(BodyPublishers.ofString(requestBody(method, withMeta)));
        if (method.equals("tools/call")) {
            request.header("Mcp-Name", nameOf(paramsJson));
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private String nameOf(String paramsJson) {
        if (paramsJson != namedParams) {
            Matcher matcher = NAME.matcher(paramsJson);
            name = matcher.find() ? matcher.group(1) : "";
            namedParams = paramsJson;
        }
        return name;
    }

    private static void requireOk(HttpResponse<String> response, String method) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(method + " answered HTTP " + response.statusCode());
        }
    }

    /** The body itself for a JSON reply; for an SSE reply, the data of the event that holds the response. */
    private static String responseMessage(String body) {
        if (body.stripLeading().startsWith("{")) {
            return body;
        }
        String last = "";
        for (String line : body.split("\n")) {
            if (line.startsWith("data:") && line.contains("\"id\"")) {
                last = line.substring("data:".length()).strip();
            }
        }
        return last;
    }
}
