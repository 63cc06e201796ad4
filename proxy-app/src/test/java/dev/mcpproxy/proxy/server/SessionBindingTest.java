package dev.mcpproxy.proxy.server;

import com.nimbusds.jose.JOSEObjectType;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import dev.mcpproxy.proxy.identity.JwtCallerAuthenticator;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
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
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stateful session belongs to the caller that opened it (real JWTs from mock-oauth2-server): a
 * session id is not a credential, so another caller holding it is answered as if it did not exist,
 * on POST, GET and DELETE alike, and the stream needs a token too.
 */
class SessionBindingTest {
    private static final String ISSUER = "idp";
    private static final String CLIENT = "agent-client";

    private static MockOAuth2Server oauth;
    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        oauth = new MockOAuth2Server();
        oauth.start();
        demo = DemoUpstream.start("127.0.0.1", 0);
        IdentityConfig identity = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl(ISSUER).toString(),
                null, null, null, List.of(CLIENT), List.of(), "access", 30, null, List.of(), true, null, 1, 60,
                null, null);
        ConfigProblems problems = new ConfigProblems();
        identity.validate("identity", problems);
        problems.throwIfAny();
        proxy = ProxyUnderTest.start(ProxyUnderTest.server(SessionMode.STATEFUL),
                List.of(UpstreamConfig.of("demo", demo.url().toString())), JwtCallerAuthenticator.create(identity));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        demo.close();
        oauth.shutdown();
    }

    private static String token(String subject) {
        return oauth.issueToken(ISSUER, CLIENT, new DefaultOAuth2TokenCallback(ISSUER, subject,
                JOSEObjectType.JWT.getType(), null, Map.of("client_id", CLIENT, "token_use", "access"), 3600))
                .serialize();
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
