package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.LoggingConfig;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.identity.Principal;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input as raw HTTP: strict JSON, bounds on structure, on bodies in flight and on slow
 * senders, authentication before the body is read. Every answer is JSON with a 4xx or 503 status,
 * never a 500 and never the content sent.
 */
class HostileInputTest {
    private static final int LIMIT = 64 * 1024;
    private static final String TOKEN = "Bearer good-token";

    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoUpstream.start("127.0.0.1", 0);
        // The whole in-flight budget is one maximal body; headers and bodies must come within 1 s.
        ServerConfig server = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, (long) LIMIT, null, 1,
                null, null, 32, 5_000, (long) LIMIT, 1);
        proxy = ProxyUnderTest.start(server, List.of(UpstreamConfig.of("demo", demo.url().toString())),
                new TokenAuthenticator());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return proxy.post(body, "Authorization", TOKEN);
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        return proxy.send(HttpRequest.newBuilder(proxy.endpoint()).header("Content-Type", "application/json")
                .header("Accept", ProxyUnderTest.ACCEPT_BOTH).header("Authorization", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void onlyOneJsonValueInUtf8IsAccepted() throws Exception {
        String ping = request(1, "ping", Map.of());
        assertThat(post(ping).statusCode()).isEqualTo(200);
        for (String body : List.of(ping + "garbage", ping + ping, ping + " {}", ping + "]")) {
            HttpResponse<String> response = post(body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertError(response, -32700);
        }
        for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, java.nio.charset.Charset.forName("UTF-32"))) {
            HttpResponse<String> response = post(ping.getBytes(charset));

            assertThat(response.statusCode()).as(charset.name()).isEqualTo(400);
            assertError(response, -32700);
            assertThat(json(response).at("/error/message").asText()).contains("UTF-8");
        }
    }

    @Test
    void structureBeyondTheDepthOrTokenLimitIsRefusedWithoutParsingItAll() throws Exception {
        for (int depth : List.of(33, 501, 1000, 5000)) {
            String arguments = "[".repeat(depth) + "]".repeat(depth);
            HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"lookup_customer\",\"arguments\":{\"a\":" + arguments + "}}}");

            assertThat(response.statusCode()).as("depth %d", depth).isEqualTo(400);
            assertError(response, -32600);
            assertThat(json(response).at("/error/message").asText()).isEqualTo("Request body nests JSON deeper than 32 levels");
        }
        // Tiny containers: a few bytes each, but a node each in the tree.
        String containers = "[" + "{},".repeat(10_000) + "{}]";
        HttpResponse<String> response = post(request(1, "ping", Map.of()).replace("\"params\":{}",
                "\"params\":{\"padding\":" + containers + "}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertError(response, -32600);
        assertThat(json(response).at("/error/message").asText()).isEqualTo("Request body has more than 5000 JSON tokens");
    }

    @Test
    void initializeWithoutAStringProtocolVersionIsInvalidParams() throws Exception {
        for (String params : List.of("{}", "{\"protocolVersion\":5}", "{\"protocolVersion\":null}",
                "{\"protocolVersion\":[\"2025-06-18\"]}")) {
            HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + params + "}");

            assertThat(response.statusCode()).as(params).isEqualTo(200);
            assertError(response, -32602);
            assertThat(json(response).at("/error/message").asText()).contains("protocolVersion");
        }
    }

    @Test
    void theCallerIsAuthenticatedBeforeItsBodyIsReadOrParsed() throws Exception {
        for (String body : List.of("not json at all", "[".repeat(10_000), request(1, "ping", Map.of()))) {
            HttpResponse<String> response = proxy.post(body, "Authorization", "Bearer forged");

            assertThat(response.statusCode()).isEqualTo(401);
            assertError(response, -32007);
        }
    }

    @Test
    void requestsBeyondTheBodiesInFlightBudgetAreTurnedAwayAtOnce() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            // Holds the whole budget: a maximal body declared, only its first byte sent.
            OutputStream out = slow.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nAuthorization: " + TOKEN + "\r\n"
                    + "Content-Length: " + LIMIT + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpResponse<String> refused = null;
            for (int attempt = 0; attempt < 50 && refused == null; attempt++) {
                HttpResponse<String> response = post(request(1, "ping", Map.of()));
                if (response.statusCode() == 503) {
                    refused = response;
                } else {
                    Thread.sleep(10);
                }
            }

            assertThat(refused).as("a request while the budget is taken").isNotNull();
            assertError(refused, -32004);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(refused).at("/error/data/retryAfterMs").asInt()).isEqualTo(1000);
        }
        // The slow request ended (its client left): its share of the budget is back.
        HttpResponse<String> later = null;
        for (int attempt = 0; attempt < 200 && (later == null || later.statusCode() != 200); attempt++) {
            later = post(request(2, "ping", Map.of()));
            Thread.sleep(20);
        }
        assertThat(later.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientSendingHeadersOrBodyTooSlowlyIsCutOffAfterTheReadTimeout() throws Exception {
        String headers = "POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nAuthorization: " + TOKEN + "\r\n";
        // Headers never finished.
        assertThat(answerToStalledRequest(headers)).satisfiesAnyOf(
                answer -> assertThat(answer).isEmpty(), answer -> assertThat(answer).startsWith("HTTP/1.1 408"));
        // Body never finished.
        String answer = answerToStalledRequest(headers + "Content-Length: 100\r\n\r\n{\"planted\"");
        assertThat(answer).startsWith("HTTP/1.1 408").contains("Content-Type: application/json")
                .contains("\"code\":-32600,\"message\":\"Request body not received within 1 s\"")
                .doesNotContain("planted", "Exception");
    }

    @Test
    void debugBodyLoggingLogsNothingOfARequestThatFailsAuthentication() throws Exception {
        ch.qos.logback.classic.Logger bodies =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.mcpproxy.proxy.bodies");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        ch.qos.logback.classic.Level previous = bodies.getLevel();
        bodies.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logged.start();
        bodies.addAppender(logged);
        ProxyConfig config = new ProxyConfig(ProxyUnderTest.server(SessionMode.STATELESS),
                List.of(UpstreamConfig.of("demo", demo.url().toString())), new FederationConfig(null, 0),
                new LoggingConfig("INFO", true)).validate();
        try (ProxyApplication debugging = ProxyApplication.builder(config).callerAuthenticator(new TokenAuthenticator())
                .start(); HttpClient http = HttpClient.newHttpClient()) {
            for (String authorization : List.of("Bearer forged", TOKEN)) {
                String planted = authorization.equals(TOKEN) ? "authenticated-canary" : "unauthenticated-canary";
                http.send(HttpRequest.newBuilder(debugging.endpoint()).header("Content-Type", "application/json")
                        .header("Accept", ProxyUnderTest.ACCEPT_BOTH).header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(request(planted, "tools/list", Map.of()))).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        } finally {
            bodies.detachAppender(logged);
            bodies.setLevel(previous);
        }

        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("authenticated-canary"))
                .noneMatch(line -> line.contains("unauthenticated-canary"));
    }

    @Test
    void errorsJettyRaisesItselfAreJsonRpcJsonWithoutHtmlOrDetails() throws Exception {
        String oversizedHeader = "POST /mcp HTTP/1.1\r\nHost: localhost\r\nX-Planted: " + "p".repeat(20_000)
                + "\r\nContent-Length: 0\r\n\r\n";
        String badRequestLine = "GET /mcp HTTP/1.1 planted\r\nHost: localhost\r\n\r\n";
        for (String raw : List.of(oversizedHeader, badRequestLine)) {
            String answer = exchange(raw);
            int end = answer.indexOf("\r\n\r\n");

            assertThat(answer).as(raw.substring(0, 20)).matches("(?s)HTTP/1\\.1 4(00|31) .*");
            assertThat(answer.substring(0, end)).contains("Content-Type: application/json");
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.substring(end + 4));
            assertThat(body.at("/error/code").asInt()).isEqualTo(-32600);
            assertThat(answer).doesNotContain("<html", "planted", "ppppp");
        }
    }

    private static String exchange(String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(answer);
            } catch (IOException closed) {
                // The proxy closes the connection after such an answer.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Sends a request that stalls and returns what the proxy answered before closing the connection. */
    private static String answerToStalledRequest(String start) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long started = System.nanoTime();
            try {
                in.transferTo(answer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stalled connection was still open after 15 s", e);
            } catch (IOException reset) {
                // Closed by the proxy.
            }
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(15_000);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static void assertError(HttpResponse<String> response, int code) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(response);
        assertThat(body.at("/error/code").asInt()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Accepts exactly {@code Bearer good-token}. */
    private static final class TokenAuthenticator implements CallerAuthenticator {
        @Override
        public Principal authenticate(InboundRequest request) throws AuthenticationFailure {
            if (request.healthProbe() || TOKEN.equals(request.headers().get("authorization"))) {
                return new Principal("alice", "web-app", Set.of(), Set.of(), Map.of(), false);
            }
            throw new AuthenticationFailure(401, "invalid token", "Bearer");
        }
    }
}
