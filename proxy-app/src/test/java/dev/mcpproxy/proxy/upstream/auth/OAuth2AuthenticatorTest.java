package dev.mcpproxy.proxy.upstream.auth;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpproxy.proxy.testing.MutableClock;
import dev.mcpproxy.proxy.testing.RecordingHttpServer;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Reply;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client credentials against mock-oauth2-server, a real token endpoint. */
class OAuth2AuthenticatorTest {
    private static final URI UPSTREAM = URI.create("http://upstream.invalid/mcp");
    private static final byte[] BODY = "{}".getBytes();

    private final MutableClock clock = new MutableClock();
    private MockOAuth2Server tokenServer;
    private UpstreamAuthFactory factory;

    @BeforeEach
    void start() {
        tokenServer = new MockOAuth2Server();
        tokenServer.start();
        factory = new UpstreamAuthFactory(HttpClient.newHttpClient(), () -> null, null, () -> "us-east-1",
                Map.of("WEATHER_CLIENT_SECRET", "s3cr3t:with/odd&chars")::get, clock);
    }

    @AfterEach
    void stop() {
        tokenServer.shutdown();
    }

    @Test
    void reusesTheTokenWhileItIsValid() throws Exception {
        List<String> refreshed = new java.util.concurrent.CopyOnWriteArrayList<>();
        factory.onTokenRefreshed(refreshed::add);
        UpstreamAuthenticator auth = authenticator(ClientAuthMethod.BASIC, true);

        String first = auth.headers("POST", UPSTREAM, Map.of(), BODY).get("authorization");
        clock.advance(Duration.ofMinutes(30));
        String second = auth.headers("POST", UPSTREAM, Map.of(), BODY).get("authorization");

        assertThat(first).startsWith("Bearer ").isEqualTo(second);
        assertThat(refreshed).containsExactly("weather");
        SignedJWT jwt = SignedJWT.parse(first.substring("Bearer ".length()));
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("weather-proxy");
        assertThat(tokenRequests()).hasSize(1).first().satisfies(request -> {
            assertThat(request.getHeader("Authorization")).startsWith("Basic ");
            assertThat(request.getBody().readUtf8())
                    .contains("grant_type=client_credentials", "scope=weather.read+weather.alerts",
                            "resource=https%3A%2F%2Fweather.example.com%2Fmcp")
                    .doesNotContain("client_secret");
        });
    }

    @Test
    void fiftyConcurrentCallsAtExpiryCauseExactlyOneTokenRequest() throws Exception {
        UpstreamAuthenticator auth = authenticator(ClientAuthMethod.POST, false);
        String expired = auth.headers("POST", UPSTREAM, Map.of(), BODY).get("authorization");
        assertThat(tokenRequests()).hasSize(1);
        clock.advance(Duration.ofHours(1));

        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                calls.add(threads.submit(() -> {
                    go.await();
                    return auth.headers("POST", UPSTREAM, Map.of(), BODY).get("authorization");
                }));
            }
            go.countDown();
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<String> call : calls) {
                tokens.add(call.get(30, TimeUnit.SECONDS));
            }
            assertThat(tokens).hasSize(1).doesNotContain(expired);
        }
        assertThat(tokenRequests()).hasSize(1).first().satisfies(request ->
                assertThat(request.getBody().readUtf8()).contains("client_id=weather-proxy", "client_secret="));
    }

    @Test
    void anUpstream401LeadsToOneRefreshAndOneRetry() throws Exception {
        Set<String> rejected = ConcurrentHashMap.newKeySet();
        try (RecordingHttpServer upstream = new RecordingHttpServer(request ->
                rejected.isEmpty() && rejected.add(request.headers().get("authorization"))
                        ? Reply.status(401) : Reply.json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"))) {
            AuthenticatingTestClient client = new AuthenticatingTestClient(authenticator(ClientAuthMethod.BASIC, true));

            int status = client.post(upstream.uri("/mcp"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                    .statusCode();

            assertThat(status).isEqualTo(200);
            assertThat(upstream.received()).hasSize(2);
            assertThat(upstream.received().get(1).headers().get("authorization"))
                    .startsWith("Bearer ").isNotIn(rejected);
            assertThat(tokenRequests()).hasSize(2);
        }
    }

    @Test
    void whenTheTokenEndpointIsDownTheCachedTokenServesUntilItExpires() throws Exception {
        UpstreamAuthenticator auth = authenticator(ClientAuthMethod.BASIC, false);
        String cached = auth.headers("POST", UPSTREAM, Map.of(), BODY).get("authorization");
        String tokenUrl = tokenServer.tokenEndpointUrl("issuer").toString();
        tokenServer.shutdown();

        clock.advance(Duration.ofSeconds(3600 - 30)); // inside the refresh window, not yet expired
        assertThat(auth.headers("POST", UPSTREAM, Map.of(), BODY)).containsEntry("authorization", cached);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> auth.headers("POST", UPSTREAM, Map.of(), BODY))
                .isInstanceOf(UpstreamAuthException.class)
                .hasMessageContaining("upstream weather")
                .hasMessageContaining(tokenUrl)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aRejectedClientSecretIsNamedWithoutItsValue() throws Exception {
        try (RecordingHttpServer tokenEndpoint = new RecordingHttpServer(request ->
                new Reply(401, "application/json", "{\"error\":\"invalid_client\"}"))) {
            OAuth2Config oauth2 = new OAuth2Config(tokenEndpoint.uri("/token").toString(), null, "weather-proxy",
                    SecretRef.fromEnv("WEATHER_CLIENT_SECRET"), null, null, null, null, null, null, null);
            UpstreamAuthenticator auth = factory.create("weather", UPSTREAM,
                    new UpstreamAuthConfig(AuthType.OAUTH2, null, oauth2, null));

            assertThatThrownBy(() -> auth.headers("POST", UPSTREAM, Map.of(), BODY))
                    .hasMessageContaining("upstream weather")
                    .hasMessageContaining("HTTP 401 (invalid_client)")
                    .hasMessageNotContaining("s3cr3t");
            assertThat(tokenEndpoint.received()).hasSize(1);
        }
    }

    /** A generous request timeout: on a loaded machine a timed-out attempt would be retried and counted twice. */
    private UpstreamAuthenticator authenticator(ClientAuthMethod clientAuth, boolean discovery)
            throws UpstreamAuthException {
        String tokenUrl = discovery ? null : tokenServer.tokenEndpointUrl("issuer").toString();
        String discoveryUrl = discovery ? tokenServer.wellKnownUrl("issuer").toString() : null;
        OAuth2Config oauth2 = new OAuth2Config(tokenUrl, discoveryUrl, "weather-proxy",
                SecretRef.fromEnv("WEATHER_CLIENT_SECRET"), List.of("weather.read", "weather.alerts"),
                "https://weather.example.com/mcp", null, clientAuth, 60, 30_000, 2);
        return factory.create("weather", UPSTREAM, new UpstreamAuthConfig(AuthType.OAUTH2, null, oauth2, null));
    }

    /** Token requests the server received since the last call (discovery requests skipped). */
    private List<RecordedRequest> tokenRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        while (true) {
            RecordedRequest request;
            try {
                request = tokenServer.takeRequest(200, TimeUnit.MILLISECONDS);
            } catch (RuntimeException queueEmpty) {
                return requests;
            }
            if (request.getPath().endsWith("/token")) {
                requests.add(request);
            }
        }
    }
}
