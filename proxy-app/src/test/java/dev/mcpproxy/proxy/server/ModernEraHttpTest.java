package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2026-07-28 era on the same endpoint as the 2025 era, as raw HTTP sees it: every error code
 * the revision defines with its HTTP status, header/body mismatches, partial {@code _meta}, removed
 * methods, and the result fields the revision requires.
 */
class ModernEraHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODERN = "2026-07-28";

    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        proxy = ProxyUnderTest.start(ProxyUnderTest.server(SessionMode.STATELESS),
                List.of(UpstreamConfig.of("demo", demo.url().toString())), CallerAuthenticator.NONE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
    }

    /** A request as a conforming 2026-07-28 client sends it: {@code _meta} keys in the body. */
    static String modern(Object id, String method, Map<String, Object> params) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        body.set("id", JSON.valueToTree(id));
        ObjectNode p = JSON.valueToTree(params);
        ObjectNode meta = p.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", MODERN);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "raw").put("version", "1");
        body.set("params", p);
        return JSON.writeValueAsString(body);
    }

    private static HttpResponse<String> post(String body, String... headers) throws Exception {
        return proxy.post(body, headers);
    }

    private static HttpResponse<String> postModern(String method, String name, String body) throws Exception {
        List<String> headers = new ArrayList<>(List.of("MCP-Protocol-Version", MODERN, "Mcp-Method", method));
        if (name != null) {
            headers.addAll(List.of("Mcp-Name", name));
        }
        return post(body, headers.toArray(String[]::new));
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).at("/error/code").asInt()).as(response.body()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void serverDiscoverNamesBothErasMergedCapabilitiesAndTheProxy() throws Exception {
        HttpResponse<String> response = postModern("server/discover", null, modern(1, "server/discover", Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response).get("result");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("supportedVersions").toString()).contains(MODERN, "2025-11-25", "2025-03-26");
        assertThat(result.path("capabilities").has("tools")).isTrue();
        assertThat(result.path("capabilities").path("resources").has("subscribe")).isFalse();
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
                .isEqualTo("agentcore-mcp-proxy");
        assertThat(result.path("ttlMs").isIntegralNumber()).isTrue();
        assertThat(result.path("cacheScope").asText()).isEqualTo("public");
    }

    @Test
    void listingsAreTheLegacyListingsWithResultTypeAndCacheHints() throws Exception {
        HttpResponse<String> response = postModern("tools/list", null, modern(2, "tools/list", Map.of()));
        HttpResponse<String> legacy = post(request(2, "tools/list", Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response).get("result");
        assertThat(result.get("tools")).isEqualTo(json(legacy).at("/result/tools"));
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("ttlMs").asLong()).isZero();
        assertThat(result.path("cacheScope").asText()).isEqualTo("public");
        assertThat(json(legacy).get("result").has("resultType")).isFalse();
    }

    @Test
    void toolCallsAreForwardedAndAnsweredAsCompleteResults() throws Exception {
        HttpResponse<String> response = postModern("tools/call", "lookup_customer", modern("c-1", "tools/call",
                Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "C-1001"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.get("id").asText()).isEqualTo("c-1");
        assertThat(answer.at("/result/structuredContent/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
    }

    @Test
    void aBase64EncodedMcpNameIsDecodedBeforeComparing() throws Exception {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString(
                "lookup_customer".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> response = postModern("tools/call", encoded, modern(3, "tools/call",
                Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "C-1001"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aBase64HeaderValueNeedsItsPadding() {
        assertThat(ModernRequestCheck.decode("=?base64?SGVsbG8=?=")).isEqualTo("Hello");
        assertThat(ModernRequestCheck.decode("=?base64?SGVsbG8?=")).as("unpadded: malformed").isNull();
        assertThat(ModernRequestCheck.decode("=?base64?SGVs!!!bG8=?=")).as("outside the alphabet").isNull();
        assertThat(ModernRequestCheck.decode("SGVsbG8=")).as("no sentinel: literal").isEqualTo("SGVsbG8=");
    }

    @Test
    void headerBodyMismatchesAre400HeaderMismatch() throws Exception {
        String call = modern(4, "tools/call", Map.of("name", "lookup_customer", "arguments",
                Map.of("customerId", "C-1001")));

        assertError(post(call, "MCP-Protocol-Version", MODERN, "Mcp-Name", "lookup_customer"), 400, -32020);
        assertError(post(call, "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list",
                "Mcp-Name", "lookup_customer"), 400, -32020);
        assertError(post(call, "Mcp-Method", "tools/call", "Mcp-Name", "lookup_customer"), 400, -32020);
        assertError(post(call, "MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "tools/call",
                "Mcp-Name", "lookup_customer"), 400, -32020);
        assertError(postModern("tools/call", null, call), 400, -32020);
        assertError(postModern("tools/call", "charge_card", call), 400, -32020);
        assertError(postModern("tools/call", "=?base64?not base64!?=", call), 400, -32020);
        assertError(postModern("resources/read", "demo://other", modern(5, "resources/read",
                Map.of("uri", "demo://customers/C-1001"))), 400, -32020);
        assertThat(json(postModern("tools/call", "charge_card", call)).get("id").asInt()).isEqualTo(4);
    }

    @Test
    void aRequestWithOnlySomeMetaKeysIs400InvalidParams() throws Exception {
        String versionOnly = """
                {"jsonrpc":"2.0","id":6,"method":"tools/list",
                 "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""";
        String capabilitiesOnly = """
                {"jsonrpc":"2.0","id":7,"method":"tools/list",
                 "params":{"_meta":{"io.modelcontextprotocol/clientCapabilities":{}}}}""";
        String capabilitiesNotAnObject = """
                {"jsonrpc":"2.0","id":8,"method":"tools/list",
                 "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                                    "io.modelcontextprotocol/clientCapabilities":"all"}}}""";

        assertError(postModern("tools/list", null, versionOnly), 400, -32602);
        assertError(postModern("tools/list", null, capabilitiesOnly), 400, -32602);
        assertError(postModern("tools/list", null, capabilitiesNotAnObject), 400, -32602);
        assertThat(json(postModern("tools/list", null, versionOnly)).at("/error/message").asText())
                .contains("io.modelcontextprotocol/clientCapabilities");
    }

    @Test
    void unsupportedVersionsAre400WithTheSupportedOnesAndTheRequestedOne() throws Exception {
        String claimsFuture = modern(9, "tools/list", Map.of()).replace(MODERN, "2031-01-01");

        HttpResponse<String> inBody = post(claimsFuture, "Mcp-Method", "tools/list",
                "MCP-Protocol-Version", "2031-01-01");
        assertError(inBody, 400, -32022);
        assertThat(json(inBody).get("id").asInt()).as("the error carries the request's id").isEqualTo(9);
        assertThat(json(inBody).at("/error/data/supported").toString()).contains(MODERN, "2025-11-25");
        assertThat(json(inBody).at("/error/data/requested").asText()).isEqualTo("2031-01-01");

        HttpResponse<String> bodyOnly = proxy.post(claimsFuture);
        assertError(bodyOnly, 400, -32020);

        HttpResponse<String> legacyBody = post(request(10, "tools/list", Map.of()), "MCP-Protocol-Version", "1999-01-01");
        assertError(legacyBody, 400, -32022);
        assertThat(json(legacyBody).at("/error/data/supported").toString()).contains(MODERN, "2025-03-26");
    }

    @Test
    void methodsTheRevisionRemovedAre404MethodNotFound() throws Exception {
        for (String method : List.of("ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe",
                "initialize")) {
            assertError(postModern(method, null, modern(11, method, Map.of())), 404, -32601);
        }
        assertError(postModern("no/such/method", null, modern(12, "no/such/method", Map.of())), 404, -32601);
    }

    @Test
    void anUnknownResourceIsInvalidParamsNotTheRetiredCode() throws Exception {
        String uri = "nowhere://x";
        HttpResponse<String> response = postModern("resources/read", uri, modern(13, "resources/read",
                Map.of("uri", uri)));

        assertError(response, 200, -32602);
    }

    @Test
    void notificationsBatchesAndResponsesFollowTheRevision() throws Exception {
        String cancelled = """
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1,
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""";
        assertThat(post(cancelled, "MCP-Protocol-Version", MODERN, "Mcp-Method", "notifications/cancelled")
                .statusCode()).isEqualTo(202);
        String initialized = cancelled.replace("notifications/cancelled", "notifications/initialized");
        assertError(post(initialized, "MCP-Protocol-Version", MODERN), 400, -32601);

        String batch = "[" + modern(14, "tools/list", Map.of()) + "]";
        assertError(post(batch, "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/list"), 400, -32600);

        String response = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";
        assertError(post(response, "MCP-Protocol-Version", MODERN), 400, -32600);
    }

    @Test
    void legacyClientsAreServedOnTheSameEndpointByTheirOwnRules() throws Exception {
        HttpResponse<String> initialize = post("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");

        assertThat(initialize.statusCode()).isEqualTo(200);
        assertThat(json(initialize).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(post(request(2, "ping", Map.of()), "MCP-Protocol-Version", "2025-11-25").statusCode())
                .isEqualTo(200);
        assertError(postModern("ping", null, modern(3, "ping", Map.of())), 404, -32601);
    }

    @Test
    void subscriptionsListenAcknowledgesTheHonoredFilterTaggedWithItsId() throws Exception {
        String listen = modern("sub-1", "subscriptions/listen", Map.of("notifications",
                Map.of("toolsListChanged", true, "resourceSubscriptions", List.of("demo://customers/C-1001"))));
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json").header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", MODERN).header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofString(listen)).build();

        HttpResponse<java.io.InputStream> response = proxy.sendStreaming(request);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String data = null;
            for (String line = reader.readLine(); line != null && data == null; line = reader.readLine()) {
                if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            JsonNode ack = JSON.readTree(data);
            assertThat(ack.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(ack.at("/params/notifications").toString()).isEqualTo("{\"toolsListChanged\":true}");
            assertThat(ack.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("sub-1");
        }
    }
}
