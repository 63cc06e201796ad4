package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.RecordingHttpServer.Received;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
            JsonRpcHttpClient client = new JsonRpcHttpClient(proxy.endpoint(),
                    Map.of("Authorization", "Bearer " + CALLER_TOKEN)).initialize();
            JsonNode tools = client.post(ProxyUnderTest.request(2, "tools/list", Map.of()));
            JsonNode result = client.callTool(3, tools.path("result").path("tools").get(0).path("name").asText());
            assertThat(result.path("result").path("content").get(0).path("text").asText()).isEqualTo("ok");
        }
    }

    private static void assertNoCallerToken(Received request) {
        assertThat(request.headers().values()).noneMatch(value -> value.contains(CALLER_TOKEN));
        assertThat(request.bodyText()).doesNotContain(CALLER_TOKEN);
    }
}
