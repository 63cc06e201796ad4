package dev.mcpproxy.proxy.resilience.config;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code upstreams[i].resilience}: how calls to one upstream are bounded.
 *
 * @param timeoutMs      deadline of one attempt (default 0 = only the upstream's requestTimeoutMs)
 * @param toolTimeoutsMs deadlines for single tools (upstream's own tool names), overriding timeoutMs
 * @param maxConcurrent  calls in flight at once (bulkhead, default 64)
 * @param maxWaitMs      how long a call may wait for a free slot before it is refused (default 100)
 * @param retry          retries of idempotent requests
 * @param circuitBreaker when to stop calling a failing upstream
 */
public record ResilienceConfig(Integer timeoutMs, Map<String, Integer> toolTimeoutsMs, Integer maxConcurrent,
                               Integer maxWaitMs, RetryConfig retry, CircuitBreakerConfig circuitBreaker) {
    public static final ResilienceConfig DEFAULTS = new ResilienceConfig(null, null, null, null, null, null);

    public ResilienceConfig {
        timeoutMs = timeoutMs == null ? 0 : timeoutMs;
        toolTimeoutsMs = toolTimeoutsMs == null ? Map.of() : Map.copyOf(new TreeMap<>(toolTimeoutsMs));
        maxConcurrent = maxConcurrent == null ? 64 : maxConcurrent;
        maxWaitMs = maxWaitMs == null ? 100 : maxWaitMs;
        retry = retry == null ? RetryConfig.DEFAULTS : retry;
        circuitBreaker = circuitBreaker == null ? CircuitBreakerConfig.DEFAULTS : circuitBreaker;
    }

    /** The deadline for a call of {@code tool} (null for non-tool requests); 0 = none of its own. */
    public int timeoutMsFor(String tool) {
        return tool == null ? timeoutMs : toolTimeoutsMs.getOrDefault(tool, timeoutMs);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(timeoutMs >= 0, key + ".timeoutMs", "must not be negative (0 = none)");
        toolTimeoutsMs.forEach((tool, ms) -> problems.check(ms != null && ms > 0,
                key + ".toolTimeoutsMs." + tool, "must be positive"));
        problems.check(maxConcurrent >= 1, key + ".maxConcurrent", "must be at least 1");
        problems.check(maxWaitMs >= 0, key + ".maxWaitMs", "must not be negative");
        retry.validate(key + ".retry", problems);
        circuitBreaker.validate(key + ".circuitBreaker", problems);
    }
}
