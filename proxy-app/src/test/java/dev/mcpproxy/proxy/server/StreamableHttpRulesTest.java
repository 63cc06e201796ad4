package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of Streamable HTTP as raw requests see it: every bad-input case answered with the
 * right status and JSON-RPC error, never with internals; stateless session handling.
 */
class StreamableHttpRulesTest {
    private static final int LIMIT = 64 * 1024;
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        ServerConfig server = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, (long) LIMIT,
                List.of("https://app.example.com"), 1, null, null);
        proxy = ProxyUnderTest.start(server, List.of(UpstreamConfig.of("demo", demo.url().toString())),
                CallerAuthenticator.NONE);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
    }

    @Test
    void answersInitializeItselfWithItsOwnServerInfoAndTheNegotiatedVersion() throws Exception {
        HttpResponse<String> response = proxy.post(INITIALIZE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode result = json(response).get("result");
        assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.path("serverInfo").path("name").asText()).isEqualTo("agentcore-mcp-proxy");
        assertThat(result.path("capabilities").has("tools")).isTrue();
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void offersTheNewestVersionWhenTheClientAsksForAnUnknownOne() throws Exception {
        HttpResponse<String> response = proxy.post(INITIALIZE.replace("2025-06-18", "2024-01-01"));

        assertThat(json(response).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void answersPingLocallyWithTheClientsOwnId() throws Exception {
        HttpResponse<String> response = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":\"abc-7\",\"method\":\"ping\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("id").asText()).isEqualTo("abc-7");
        assertThat(json(response).get("result").isObject()).isTrue();
    }

    @Test
    void malformedJsonIsAParseErrorWithStatus400() throws Exception {
        HttpResponse<String> response = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,");

        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, -32700);
        assertThat(json(response).get("id").isNull()).isTrue();
    }

    @Test
    void jsonThatIsNoJsonRpcMessageIsAnInvalidRequest() throws Exception {
        for (String body : List.of("{\"hello\":\"world\"}", "42", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}")) {
            HttpResponse<String> response = proxy.post(body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertError(response, -32600);
        }
    }

    @Test
    void unknownMethodIsMethodNotFoundForTheClientsId() throws Exception {
        HttpResponse<String> response = proxy.post(request(9, "tools/explode", Map.of()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertError(response, -32601);
        assertThat(json(response).get("id").asInt()).isEqualTo(9);
        assertThat(json(response).at("/error/message").asText()).contains("tools/explode");
    }

    @Test
    void unknownToolPromptAndResourceAreErrorsNamingThem() throws Exception {
        JsonNode tool = json(proxy.post(request(1, "tools/call", Map.of("name", "no_such_tool", "arguments", Map.of()))));
        JsonNode prompt = json(proxy.post(request(2, "prompts/get", Map.of("name", "no_such_prompt"))));
        JsonNode resource = json(proxy.post(request(3, "resources/read", Map.of("uri", "nowhere://thing"))));

        assertThat(tool.at("/error/message").asText()).contains("no_such_tool");
        assertThat(prompt.at("/error/message").asText()).contains("no_such_prompt");
        assertThat(resource.at("/error/code").asInt()).isEqualTo(-32002);
        assertThat(resource.at("/error/message").asText()).contains("nowhere://thing");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = proxy.post(request(1, "tools/list", Map.of()), "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(415);
        assertError(response, -32600);
    }

    @Test
    void acceptWithoutBothTypesIs406() throws Exception {
        for (String accept : List.of("application/json", "text/event-stream", "text/html")) {
            HttpResponse<String> response = proxy.post(request(1, "tools/list", Map.of()), "Accept", accept);

            assertThat(response.statusCode()).as(accept).isEqualTo(406);
        }
    }

    /** AgentCore's probe comes from the local machine; whatever its headers, initialize and ping succeed. */
    @Test
    void localProbeSucceedsWhateverItsMediaTypeHeaders() throws Exception {
        HttpResponse<String> ping = proxy.post(request(1, "ping", Map.of()), "Accept", "application/json");
        HttpResponse<String> initialize = proxy.post(INITIALIZE, "Content-Type", "text/plain", "Accept", "*/*");

        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(initialize.statusCode()).isEqualTo(200);
        assertThat(json(initialize).at("/result/serverInfo/name").asText()).isEqualTo("agentcore-mcp-proxy");
    }

    @Test
    void disallowedOriginIs403AndAllowedOrLocalOriginsPass() throws Exception {
        String ping = request(1, "ping", Map.of());

        assertThat(proxy.post(ping, "Origin", "https://evil.example.net").statusCode()).isEqualTo(403);
        assertThat(proxy.post(ping, "Origin", "https://app.example.com").statusCode()).isEqualTo(200);
        assertThat(proxy.post(ping, "Origin", "http://localhost:6274").statusCode()).isEqualTo(200);
    }

    @Test
    void unsupportedProtocolVersionHeaderIs400ListingTheSupportedOnes() throws Exception {
        HttpResponse<String> response = proxy.post(request(1, "ping", Map.of()), "MCP-Protocol-Version", "1999-01-01");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).at("/error/data/supported").toString())
                .contains("2025-03-26", "2025-06-18", "2025-11-25");
        for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
            assertThat(proxy.post(request(1, "ping", Map.of()), "MCP-Protocol-Version", version).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = request(1, "ping", Map.of("padding", "x".repeat(LIMIT)));

        HttpResponse<String> response = proxy.post(big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertError(response, -32600);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = request(1, "ping", Map.of("padding", "x".repeat(LIMIT))).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json").header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();

        assertThat(proxy.send(request).statusCode()).isEqualTo(413);
    }

    /** A huge declared body is refused from its headers alone: the proxy never waits for or holds it. */
    @Test
    void declaredHugeBodyIsRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: 10737418240\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void batchesAreServedOnlyIn20250326() throws Exception {
        String batch = "[" + request(1, "ping", Map.of()) + "," + request("two", "tools/explode", Map.of()) + ","
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]";

        HttpResponse<String> old = proxy.post(batch);
        HttpResponse<String> newer = proxy.post(batch, "MCP-Protocol-Version", "2025-06-18");

        assertThat(old.statusCode()).isEqualTo(200);
        JsonNode answers = json(old);
        assertThat(answers.isArray()).isTrue();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(answers.get(1).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(newer.statusCode()).isEqualTo(400);
        assertError(newer, -32600);
    }

    @Test
    void notificationsAndResponsesAreAcceptedWith202AndNoBody() throws Exception {
        HttpResponse<String> notification = proxy.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpResponse<String> response = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}");

        assertThat(notification.statusCode()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void statelessModeIgnoresSessionHeadersAndRefusesGetAndDelete() throws Exception {
        HttpResponse<String> withHeaders = proxy.post(request(1, "ping", Map.of()), "Mcp-Session-Id", "made-up",
                "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", "runtime-session-0123456789012345678901234");
        HttpResponse<String> get = proxy.send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Accept", "text/event-stream").GET().build());
        HttpResponse<String> delete = proxy.send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Mcp-Session-Id", "made-up").DELETE().build());

        assertThat(withHeaders.statusCode()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void healthReportsReadyWithEachUpstream() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/health")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.path("status").asText()).isEqualTo("ready");
        assertThat(health.at("/upstreams/0/name").asText()).isEqualTo("demo");
        assertThat(health.at("/upstreams/0/state").asText()).isEqualTo("ready");
        assertThat(health.at("/upstreams/0/tools").asInt()).isEqualTo(4);
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/elsewhere")).GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void forwardsToolCallsWithTheClientsId() throws Exception {
        HttpResponse<String> response = proxy.post(request("call-1", "tools/call",
                Map.of("name", "lookup_customer", "arguments", Map.of("customerId", "C-1001"))));

        JsonNode answer = json(response);
        assertThat(answer.get("id").asText()).isEqualTo("call-1");
        assertThat(answer.at("/result/structuredContent/name").asText()).isEqualTo("Ada Lovelace");
    }

    private static void assertError(HttpResponse<String> response, int code) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).at("/error/code").asInt()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
