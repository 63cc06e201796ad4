package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.federation.FederationConfig;
import dev.mcpproxy.proxy.governance.GovernanceChain;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage in the real proxy's governance chain: the third call is refused and never forwarded. */
class RateLimitThroughProxyTest {

    @Test
    void anExceededLimitBecomesTheDocumentedJsonRpcError() throws Exception {
        RateLimitConfig limits = new RateLimitConfig(StoreType.MEMORY, null, FailMode.CLOSED, List.of(
                new BucketConfig("per-principal", List.of(KeyDimension.PRINCIPAL), 2L, 3600L, null, null, null, null)));
        RateLimitStage stage = new RateLimitStage(limits, RateLimitStores.create(limits), new RateLimitCounters());
        try (ScriptedMcpUpstream upstream = new ScriptedMcpUpstream()) {
            ProxyConfig config = new ProxyConfig(ProxyUnderTest.server(SessionMode.STATELESS),
                    List.of(UpstreamConfig.of("scripted", upstream.url().toString())), new FederationConfig(null, 0),
                    null).validate();
            try (ProxyApplication proxy = ProxyApplication.builder(config)
                    .governance(new GovernanceChain(List.of(stage))).start()) {
                JsonRpcHttpClient client = new JsonRpcHttpClient(proxy.endpoint(), Map.of()).initialize();
                String echo = client.post(ProxyUnderTest.request(1, "tools/list", Map.of()))
                        .path("result").path("tools").get(0).path("name").asText();

                assertThat(client.callTool(2, echo).has("result")).isTrue();
                assertThat(client.callTool(3, echo).has("result")).isTrue();
                JsonNode refused = client.callTool(4, echo);

                assertThat(refused.path("error").path("code").asInt()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
                assertThat(refused.path("error").path("data").path("limit").asText()).isEqualTo("per-principal");
                assertThat(refused.path("error").path("data").path("retryAfterMs").asLong()).isPositive();
                assertThat(upstream.toolCalls()).isEqualTo(2);
            }
        }
    }
}
