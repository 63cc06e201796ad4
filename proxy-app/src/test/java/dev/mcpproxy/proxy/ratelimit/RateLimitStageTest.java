package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.governance.AuditEvent;
import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitStageTest {
    private static final String YAML = """
            store: memory
            failMode: closed
            buckets:
              - name: per-principal
                keyBy: [principal]
                rate: 2
                periodSeconds: 60
              - name: expensive-tools
                keyBy: [client]
                rate: 1
                periodSeconds: 3600
                tools: ["weather__radar*"]
            """;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final MutableClock clock = new MutableClock();

    @Test
    void deniesWithTheDocumentedErrorAndAuditFacts() throws Exception {
        RateLimitStage stage = stage(yaml.readValue(YAML, RateLimitConfig.class));
        stage.onRequest(Exchanges.toolCall("alice", "weather", "forecast"));
        stage.onRequest(Exchanges.toolCall("alice", "weather", "forecast"));
        Exchange third = Exchanges.toolCall("alice", "weather", "forecast");

        assertThatThrownBy(() -> stage.onRequest(third)).isInstanceOfSatisfying(GovernanceException.class, e -> {
            assertThat(e.code()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
            assertThat(e.getMessage()).isEqualTo("Rate limit 'per-principal' exceeded; retry in 30001 ms");
            assertThat(e.data().path("retryAfterMs").asLong()).isEqualTo(30_001);
            assertThat(e.data().path("limit").asText()).isEqualTo("per-principal");
        });
        assertThat(third.audit().fields()).containsEntry("rateLimit", "per-principal")
                .containsEntry("rateLimitRetryAfterMs", 30_001L);
        stage.onRequest(Exchanges.toolCall("bob", "weather", "forecast"));
    }

    @Test
    void perToolBucketsApplyOnlyToTheirTools() throws Exception {
        RateLimitStage stage = stage(yaml.readValue(YAML, RateLimitConfig.class));
        stage.onRequest(Exchanges.toolCall("alice", "weather", "radar_image"));

        assertThatThrownBy(() -> stage.onRequest(Exchanges.toolCall("alice", "weather", "radar_loop")))
                .isInstanceOfSatisfying(GovernanceException.class, e ->
                        assertThat(e.data().path("limit").asText()).isEqualTo("expensive-tools"));
        stage.onRequest(Exchanges.toolCall("bob", "weather", "radar_image"));
    }

    @Test
    void otherMethodsAreNotCountedUnlessListed() throws Exception {
        RateLimitStage stage = stage(yaml.readValue(YAML, RateLimitConfig.class));
        Exchange listing = new Exchange("tools/list", null, Exchanges.toolCall("alice", "w", "t").principal(), null,
                null, new AuditEvent());
        for (int i = 0; i < 5; i++) {
            assertThatCode(() -> stage.onRequest(listing)).doesNotThrowAnyException();
        }
    }

    @Test
    void validationNamesEachProblem() throws Exception {
        RateLimitConfig config = yaml.readValue("""
                store: dynamodb
                buckets:
                  - name: a
                    rate: 0
                    methods: [tools/call, sampling/createMessage]
                  - name: a
                    rate: 5
                    keyBy: [tool, tool]
                """, RateLimitConfig.class);
        ConfigProblems problems = new ConfigProblems();
        config.validate("rateLimits", problems, Map.<String, String>of()::get);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "rateLimits.dynamodb.table: required (or set RATE_LIMIT_TABLE): 3-255 letters, digits, '_', '.' or '-'",
                        "rateLimits.buckets[0].rate: must be a positive number of requests",
                        "rateLimits.buckets[0].burst: must be positive",
                        "rateLimits.buckets[0].methods[1]: not a method the proxy forwards; one of "
                                + "[completion/complete, prompts/get, prompts/list, resources/list, resources/read, "
                                + "resources/templates/list, tools/call, tools/list]",
                        "rateLimits.buckets[1].keyBy: lists a dimension twice",
                        "rateLimits.buckets[1].name: 'a' is used by an earlier bucket"));
        ConfigProblems withTable = new ConfigProblems();
        new RateLimitConfig(StoreType.DYNAMODB, null, null, List.of(new BucketConfig("b", null, 5L, null, null,
                null, null, null))).validate("rateLimits", withTable,
                Map.of("RATE_LIMIT_TABLE", "mcp-proxy-rate-limits")::get);
        assertThat(withTable.isEmpty()).isTrue();
    }

    private RateLimitStage stage(RateLimitConfig config) {
        ConfigProblems problems = new ConfigProblems();
        config.validate("rateLimits", problems);
        problems.throwIfAny();
        return new RateLimitStage(config, new InMemoryRateLimitStore(clock), new RateLimitCounters());
    }
}
