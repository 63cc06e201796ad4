package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.config.ProxyConfig;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Received;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real proxy, in both session modes: the caller's {@code Authorization} never reaches
 * the upstream; the upstream sees the proxy's own credentials, or none.
 */
class CallerTokenNeverForwardedTest {
    private static final String CALLER_TOKEN = "caller-secret-token-1234";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(SessionMode.class)
    void withoutUpstreamCredentialsTheUpstreamSeesNoAuthorization(SessionMode mode) throws Exception {
        try (ScriptedMcpUpstream upstream = new ScriptedMcpUpstream()) {
            callThroughProxy(mode, upstream, UpstreamAuthenticator.NONE);

            assertThat(upstream.toolCalls()).isEqualTo(1);
            assertThat(upstream.received()).isNotEmpty().allSatisfy(request -> {
                assertThat(request.headers()).doesNotContainKey("authorization");
                assertNoCallerToken(request);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(SessionMode.class)
    void withUpstreamCredentialsTheUpstreamSeesOnlyTheProxys(SessionMode mode) throws Exception {
        UpstreamAuthFactory factory = new UpstreamAuthFactory(null, () -> null, null, () -> "us-east-1",
                Map.of("UPSTREAM_KEY", "proxy-own-key")::get, Clock.systemUTC());
        UpstreamAuthenticator proxyCredentials = factory.create("scripted", null, new UpstreamAuthConfig(
                AuthType.HEADERS, null, null,
                Map.of("Authorization", new StaticHeaderConfig("Bearer ", SecretRef.fromEnv("UPSTREAM_KEY")))));
        try (ScriptedMcpUpstream upstream = new ScriptedMcpUpstream()) {
            callThroughProxy(mode, upstream, proxyCredentials);

            assertThat(upstream.toolCalls()).isEqualTo(1);
            assertThat(upstream.received()).isNotEmpty().allSatisfy(request -> {
                assertThat(request.headers()).containsEntry("authorization", "Bearer proxy-own-key");
                assertNoCallerToken(request);
            });
        }
    }

    private static void callThroughProxy(SessionMode mode, ScriptedMcpUpstream upstream,
                                         UpstreamAuthenticator authenticator) throws Exception {
        ProxyConfig config = new ProxyConfig(ProxyUnderTest.server(mode),
                List.of(UpstreamConfig.of("scripted", upstream.url().toString())), new FederationConfig(null, 0),
                null).validate();
        try (ProxyApplication proxy = ProxyApplication.builder(config).callerAuthenticator(CallerAuthenticator.NONE)
                .upstreamAuthenticators(upstreamConfig -> authenticator).start()) {
            ProxyClient client = new ProxyClient(proxy);
            client.post(ProxyUnderTest.request(1, "initialize", Map.of("protocolVersion", "2025-06-18",
                    "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1"))));
            client.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            JsonNode tools = client.post(ProxyUnderTest.request(2, "tools/list", Map.of()));
            String echo = tools.path("result").path("tools").get(0).path("name").asText();
            JsonNode result = client.post(ProxyUnderTest.request(3, "tools/call",
                    Map.of("name", echo, "arguments", Map.of())));
            assertThat(result.path("result").path("content").get(0).path("text").asText()).isEqualTo("ok");
        }
    }

    private static void assertNoCallerToken(Received request) {
        assertThat(request.headers().values()).noneMatch(value -> value.contains(CALLER_TOKEN));
        assertThat(request.bodyText()).doesNotContain(CALLER_TOKEN);
    }

    /** A client that always sends the caller's bearer token, and the session id once it has one. */
    private static final class ProxyClient {
        private final HttpClient http = HttpClient.newHttpClient();
        private final URI endpoint;
        private String sessionId;

        ProxyClient(ProxyApplication application) {
            this.endpoint = application.endpoint();
        }

        JsonNode post(String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                    .header("Authorization", "Bearer " + CALLER_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (sessionId != null) {
                request.header("Mcp-Session-Id", sessionId);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isBetween(200, 202);
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
    }
}
