package dev.mcpproxy.proxy.resilience;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.resilience.config.CircuitBreakerConfig;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.resilience.config.RetryConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilienceConfigTest {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsWithDefaultsAndPerToolTimeouts() throws Exception {
        ResilienceConfig config = yaml.readValue("""
                timeoutMs: 10000
                toolTimeoutsMs: {generate_report: 120000}
                maxConcurrent: 16
                retry: {maxAttempts: 2}
                circuitBreaker: {consecutiveFailures: 3, openMs: 15000}
                """, ResilienceConfig.class);
        ConfigProblems problems = new ConfigProblems();
        config.validate("upstreams[0].resilience", problems);

        assertThat(problems.isEmpty()).isTrue();
        assertThat(config.timeoutMsFor("generate_report")).isEqualTo(120_000);
        assertThat(config.timeoutMsFor("other")).isEqualTo(10_000);
        assertThat(config.timeoutMsFor(null)).isEqualTo(10_000);
        assertThat(config.maxWaitMs()).isEqualTo(100);
        assertThat(config.retry()).isEqualTo(new RetryConfig(2, 100, 2000));
        assertThat(config.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(3, 50, 20, 10, 15_000, 1));
    }

    @Test
    void reportsProblemsWithFullKeys() throws Exception {
        ResilienceConfig config = yaml.readValue("""
                toolTimeoutsMs: {slow: 0}
                maxConcurrent: 0
                retry: {maxAttempts: 0, initialBackoffMs: 500, maxBackoffMs: 100}
                circuitBreaker: {windowSize: 5, minimumCalls: 6}
                """, ResilienceConfig.class);
        ConfigProblems problems = new ConfigProblems();
        config.validate("upstreams[1].resilience", problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactlyInAnyOrder(
                        "upstreams[1].resilience.toolTimeoutsMs.slow: must be positive",
                        "upstreams[1].resilience.maxConcurrent: must be at least 1",
                        "upstreams[1].resilience.retry.maxAttempts: must be between 1 and 10",
                        "upstreams[1].resilience.retry.maxBackoffMs: must be at least initialBackoffMs",
                        "upstreams[1].resilience.circuitBreaker.minimumCalls: must be between 1 and windowSize"));
        assertThatThrownBy(() -> yaml.readValue("retries: 3", ResilienceConfig.class))
                .hasMessageContaining("retries");
    }
}
