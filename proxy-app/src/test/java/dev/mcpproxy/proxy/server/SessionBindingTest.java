package dev.mcpproxy.proxy.server;

import dev.mcpproxy.proxy.ProxyUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stateful session belongs to the caller that opened it (real JWTs from mock-oauth2-server): a
 * session id is not a credential, so another caller holding it is answered as if it did not exist,
 * on POST, GET and DELETE alike, and the stream needs a token too.
 */
class SessionBindingTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JwtDemoProxy fixture;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        fixture = JwtDemoProxy.start(SessionMode.STATEFUL);
        proxy = fixture.proxy;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String token(String subject) {
        return fixture.token(subject);
    }

    private static Answer send(String method, String token, String session, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(proxy.endpoint()).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", "2025-11-25")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        HttpResponse<InputStream> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            // An opened event stream never ends: its body is not read, so a granted stream fails the test, not hangs it.
            boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            String text = stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), response.headers(), text);
        }
    }

    private record Answer(int statusCode, HttpHeaders headers, String body) {
    }

    private static String openSession(String token) throws Exception {
        Answer initialized = send("POST", token, null, request(1, "initialize", Map.of(
                "protocolVersion", "2025-11-25", "capabilities", Map.of(),
                "clientInfo", Map.of("name", "binding-test", "version", "1"))));
        assertThat(initialized.statusCode()).isEqualTo(200);
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(send("POST", token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).isEqualTo(202);
        return session;
    }

    @Test
    void onlyTheCallerThatOpenedASessionMayUseIt() throws Exception {
        String alice = token("alice");
        String session = openSession(alice);

        Answer own = send("POST", alice, session, request(2, "tools/list", Map.of()));
        Answer other = send("POST", token("mallory"), session, request(3, "tools/list", Map.of()));

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("lookup_customer");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("Session not found or expired").doesNotContain("lookup_customer");
    }

    @Test
    void theStreamAndTheEndOfASessionNeedItsOwner() throws Exception {
        String alice = token("alice");
        String session = openSession(alice);

        Answer anonymousStream = send("GET", null, session, null);
        Answer othersStream = send("GET", token("mallory"), session, null);
        Answer othersDelete = send("DELETE", token("mallory"), session, null);

        assertThat(anonymousStream.statusCode()).isEqualTo(401);
        assertThat(anonymousStream.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(othersStream.statusCode()).isEqualTo(404);
        assertThat(othersDelete.statusCode()).isEqualTo(404);
        assertThat(send("POST", alice, session, request(4, "tools/list", Map.of())).statusCode())
                .as("the session survived the other caller's DELETE").isEqualTo(200);
        assertThat(send("DELETE", alice, session, null).statusCode()).isEqualTo(204);
        assertThat(send("POST", alice, session, request(5, "tools/list", Map.of())).statusCode()).isEqualTo(404);
    }
}
