package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ConfigLoader;
import dev.mcpproxy.proxy.ProxyApplication;
import dev.mcpproxy.proxy.ProxyAssembly;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.testing.TestSecrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two proxies assembled from the same configuration, as two AgentCore microVMs would be, share one
 * limit through the DynamoDB store (DynamoDB Local): calls spread over both are counted together.
 */
class SharedLimitAcrossProxiesTest {
    private static DynamoDbLocal dynamo;
    private static ScriptedMcpUpstream upstream;
    private static final List<ProxyAssembly> assemblies = new ArrayList<>();
    private static final List<ProxyApplication> proxies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dynamo = DynamoDbLocal.start();
        upstream = new ScriptedMcpUpstream();
        // The SDK's default chain reads these; DynamoDB Local accepts any credentials.
        System.setProperty("aws.accessKeyId", TestSecrets.accessKeyId("TEST", 16));
        System.setProperty("aws.secretAccessKey", TestSecrets.alphanumeric(40));
        ProxyConfig config = new ConfigLoader(Map.of("UPSTREAM_URL", upstream.url().toString(),
                "DYNAMO_URL", dynamo.endpoint().toString())).parse("""
                server: {host: 127.0.0.1, port: 0}
                identity: {mode: none}
                upstreams: [{name: scripted, url: "${UPSTREAM_URL}"}]
                audit: {enabled: false}
                rateLimits:
                  store: dynamodb
                  failMode: closed
                  dynamodb: {table: %s, region: us-east-1, endpoint: "${DYNAMO_URL}"}
                  buckets:
                    - {name: per-principal, keyBy: [principal], rate: 3, periodSeconds: 3600, burst: 3}
                """.formatted(DynamoDbLocal.TABLE), "shared-limit.yaml").validate();
        for (int i = 0; i < 2; i++) {
            ProxyAssembly assembly = ProxyAssembly.create(config);
            assemblies.add(assembly);
            proxies.add(assembly.start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(proxies.toArray(AutoCloseable[]::new));
        Resources.closeAll(assemblies.toArray(AutoCloseable[]::new));
        Resources.closeAll(upstream, dynamo);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void callsSpreadOverTwoProxiesAreCountedAgainstOneLimit() throws Exception {
        JsonRpcHttpClient first = new JsonRpcHttpClient(proxies.get(0).endpoint(), Map.of()).initialize();
        JsonRpcHttpClient second = new JsonRpcHttpClient(proxies.get(1).endpoint(), Map.of()).initialize();
        String tool = first.post(ProxyUnderTest.request(1, "tools/list", Map.of()))
                .path("result").path("tools").get(0).path("name").asText();

        assertThat(first.callTool(2, tool).has("result")).isTrue();
        assertThat(second.callTool(3, tool).has("result")).isTrue();
        assertThat(first.callTool(4, tool).has("result")).isTrue();
        JsonNode refused = second.callTool(5, tool);

        assertThat(refused.path("error").path("code").asInt()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
        assertThat(refused.path("error").path("data").path("retryAfterMs").asLong()).isPositive();
        assertThat(upstream.toolCalls()).isEqualTo(3);
    }
}
