package dev.mcpproxy.proxy.resilience.config;

import dev.mcpproxy.proxy.config.ConfigProblems;

/**
 * Retries of idempotent requests: exponential backoff with full jitter.
 *
 * @param maxAttempts      attempts in all, the first included (default 3; 1 = no retry)
 * @param initialBackoffMs ceiling of the first pause (default 100)
 * @param maxBackoffMs     ceiling of any pause (default 2000)
 */
public record RetryConfig(Integer maxAttempts, Integer initialBackoffMs, Integer maxBackoffMs) {
    public static final RetryConfig DEFAULTS = new RetryConfig(null, null, null);

    public RetryConfig {
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        initialBackoffMs = initialBackoffMs == null ? 100 : initialBackoffMs;
        maxBackoffMs = maxBackoffMs == null ? 2000 : maxBackoffMs;
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(maxAttempts >= 1 && maxAttempts <= 10, key + ".maxAttempts", "must be between 1 and 10");
        problems.check(initialBackoffMs >= 0, key + ".initialBackoffMs", "must not be negative");
        problems.check(maxBackoffMs >= initialBackoffMs, key + ".maxBackoffMs", "must be at least initialBackoffMs");
    }
}
