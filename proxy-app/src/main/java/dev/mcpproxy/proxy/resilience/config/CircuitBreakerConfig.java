package dev.mcpproxy.proxy.resilience.config;

import dev.mcpproxy.proxy.config.ConfigProblems;

/**
 * When an upstream's circuit opens, and for how long.
 *
 * @param consecutiveFailures opens after this many failures in a row (default 5)
 * @param failureRatePercent  or when this share of the last {@code windowSize} calls failed (default 50)
 * @param windowSize          calls the failure rate is measured over (default 20)
 * @param minimumCalls        the rate counts only after this many calls in the window (default 10)
 * @param openMs              how long it stays open before a probe is let through (default 30000)
 * @param halfOpenProbes      calls let through while half-open (default 1)
 */
public record CircuitBreakerConfig(Integer consecutiveFailures, Integer failureRatePercent, Integer windowSize,
                                   Integer minimumCalls, Integer openMs, Integer halfOpenProbes) {
    public static final CircuitBreakerConfig DEFAULTS = new CircuitBreakerConfig(null, null, null, null, null, null);

    public CircuitBreakerConfig {
        consecutiveFailures = consecutiveFailures == null ? 5 : consecutiveFailures;
        failureRatePercent = failureRatePercent == null ? 50 : failureRatePercent;
        windowSize = windowSize == null ? 20 : windowSize;
        minimumCalls = minimumCalls == null ? 10 : minimumCalls;
        openMs = openMs == null ? 30_000 : openMs;
        halfOpenProbes = halfOpenProbes == null ? 1 : halfOpenProbes;
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(consecutiveFailures >= 1, key + ".consecutiveFailures", "must be at least 1");
        problems.check(failureRatePercent >= 1 && failureRatePercent <= 100, key + ".failureRatePercent",
                "must be between 1 and 100");
        problems.check(windowSize >= 1, key + ".windowSize", "must be at least 1");
        problems.check(minimumCalls >= 1 && minimumCalls <= windowSize, key + ".minimumCalls",
                "must be between 1 and windowSize");
        problems.check(openMs >= 1, key + ".openMs", "must be positive");
        problems.check(halfOpenProbes >= 1, key + ".halfOpenProbes", "must be at least 1");
    }
}
