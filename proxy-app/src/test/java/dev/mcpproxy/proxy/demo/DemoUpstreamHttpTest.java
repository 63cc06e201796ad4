package dev.mcpproxy.proxy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's Streamable HTTP transport rules, checked with a plain HTTP client. */
class DemoUpstreamHttpTest {
    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoUpstream demo;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        demo = DemoUpstream.start("127.0.0.1", 0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        demo.close();
    }

    @Test
    void urlNamesTheBoundPortAndTheMcpPath() {
        assertThat(demo.url().toString()).matches("http://127\\.0\\.0\\.1:[0-9]+/mcp");
        assertThat(demo.url().getPort()).isPositive();
    }

    @Test
    void aWildcardBindIsAddressedThroughLoopback() throws Exception {
        try (DemoUpstream anyInterface = DemoUpstream.start("0.0.0.0", 0)) {
            assertThat(anyInterface.url().getHost()).isEqualTo("127.0.0.1");
            assertThat(send(post(anyInterface.url(), PING)).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-26", "2025-06-18", "2025-11-25"})
    void initializeEchoesEverySupportedVersionWithoutASession(String version) throws Exception {
        HttpResponse<String> response = send(post(demo.url(), initialize(version)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(body(response).at("/result/protocolVersion").asText()).isEqualTo(version);
    }

    @Test
    void initializeWithAnUnknownVersionAnswersTheNewest() throws Exception {
        HttpResponse<String> response = send(post(demo.url(), initialize("2024-11-05")));
        assertThat(body(response).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void pingKeepsTheClientsId() throws Exception {
        JsonNode response = body(send(post(demo.url(), PING)));
        assertThat(response.get("id").asInt()).isEqualTo(7);
        assertThat(response.get("result").isObject()).isTrue();
    }

    @Test
    void notificationsAndResponsesAreAcceptedWithoutABody() throws Exception {
        HttpResponse<String> notification = send(post(demo.url(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertThat(notification.statusCode()).isEqualTo(202);
        assertThat(notification.body()).isEmpty();
        HttpResponse<String> response = send(post(demo.url(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));
        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void getAndDeleteAreNotAllowedOnAStatelessServer() throws Exception {
        HttpResponse<String> get = send(HttpRequest.newBuilder(demo.url()).header("Accept", "text/event-stream").GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(send(HttpRequest.newBuilder(demo.url()).DELETE().build()).statusCode()).isEqualTo(405);
    }

    @Test
    void rejectsAnAcceptHeaderWithoutBothTypes() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(BodyPublishers.ofString(PING)).build();
        assertThat(send(request).statusCode()).isEqualTo(406);
    }

    @Test
    void rejectsAnythingButJson() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "text/plain").header("Accept", ACCEPT)
                .POST(BodyPublishers.ofString(PING)).build();
        assertThat(send(request).statusCode()).isEqualTo(415);
    }

    @Test
    void rejectsAnUnsupportedProtocolVersionHeader() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .header("MCP-Protocol-Version", "1999-01-01")
                .POST(BodyPublishers.ofString(PING)).build();
        assertThat(send(request).statusCode()).isEqualTo(400);
    }

    @Test
    void rejectsAForeignOriginButAcceptsALocalOne() throws Exception {
        HttpRequest foreign = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .header("Origin", "https://evil.example")
                .POST(BodyPublishers.ofString(PING)).build();
        assertThat(send(foreign).statusCode()).isEqualTo(403);
        HttpRequest local = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .header("Origin", "http://localhost:6274")
                .POST(BodyPublishers.ofString(PING)).build();
        assertThat(send(local).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsAParseError() throws Exception {
        HttpResponse<String> response = send(post(demo.url(), "{\"jsonrpc\":"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/code").asInt()).isEqualTo(-32700);
    }

    @Test
    void batchesAndNonJsonRpcBodiesAreInvalidRequests() throws Exception {
        for (String bad : List.of("[" + PING + "]", "{\"id\":1,\"method\":\"ping\"}", "42")) {
            HttpResponse<String> response = send(post(demo.url(), bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(body(response).at("/error/code").asInt()).as(bad).isEqualTo(-32600);
        }
    }

    @Test
    void anUnknownMethodIsMethodNotFound() throws Exception {
        JsonNode response = body(send(post(demo.url(), "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"nope/nothing\"}")));
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(response.get("id").asText()).isEqualTo("a");
    }

    @Test
    void anyCursorIsInvalidBecauseEveryListIsOnePage() throws Exception {
        JsonNode response = body(send(post(demo.url(),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"x\"}}")));
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void bodiesOverOneMebibyteAreRefusedWithOrWithoutAContentLength() throws Exception {
        // Just over the limit: a connection closed with megabytes unread is reset before the client reads the 413.
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(1 << 20) + "\"}}";
        assertThat(send(post(demo.url(), huge)).statusCode()).isEqualTo(413);
        HttpRequest chunked = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(withoutLength(huge)).build();
        assertThat(send(chunked).statusCode()).isEqualTo(413);
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        assertThat(send(post(demo.url().resolve("/other"), PING)).statusCode()).isEqualTo(404);
    }

    private static String initialize(String version) {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""".formatted(version);
    }

    @Test
    void servesThe2026EraBesideThe2025One() throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        HttpResponse<String> discover = send(modern("server/discover", null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + meta + "}}"));
        HttpResponse<String> call = send(modern("tools/call", "lookup_customer",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"lookup_customer\","
                        + "\"arguments\":{\"customerId\":\"C-1001\"}," + meta + "}}"));
        HttpResponse<String> list = send(modern("tools/list", null,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{" + meta + "}}"));
        HttpResponse<String> ping = send(modern("ping", null,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{" + meta + "}}"));
        HttpResponse<String> mismatch = send(modern("tools/list", null,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\",\"params\":{" + meta + "}}"));

        assertThat(discover.statusCode()).isEqualTo(200);
        assertThat(body(discover).at("/result/supportedVersions").toString()).contains("2026-07-28", "2025-11-25");
        assertThat(body(discover).at("/result/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
                .isEqualTo("mcp-proxy-demo");
        assertThat(body(call).at("/result/structuredContent/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(body(call).at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(body(list).at("/result/ttlMs").asLong()).isEqualTo(60_000);
        assertThat(body(list).at("/result/cacheScope").asText()).isEqualTo("public");
        assertThat(ping.statusCode()).isEqualTo(404);
        assertThat(body(ping).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(body(mismatch).at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(send(post(demo.url(), PING)).statusCode()).as("the 2025 era still answers ping").isEqualTo(200);
    }

    private static HttpRequest modern(String method, String name, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(demo.url())
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method);
        if (name != null) {
            request.header("Mcp-Name", name);
        }
        return request.POST(BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest post(URI url, String body) {
        return HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json").header("Accept", ACCEPT)
                .POST(BodyPublishers.ofString(body)).build();
    }

    /** A publisher with unknown length, so the client sends the body chunked. */
    private static HttpRequest.BodyPublisher withoutLength(String body) {
        HttpRequest.BodyPublisher known = BodyPublishers.ofString(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                known.subscribe(subscriber);
            }
        };
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
