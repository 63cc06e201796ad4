package dev.mcpproxy.proxy.resilience;

import dev.mcpproxy.proxy.resilience.config.RetryConfig;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: a random pause up to a ceiling that doubles each retry. */
final class Backoff {
    private final RetryConfig config;

    Backoff(RetryConfig config) {
        this.config = config;
    }

    /** Pause before attempt {@code attempt} (2 for the first retry). */
    long pauseMs(int attempt) {
        long ceiling = Math.min(config.maxBackoffMs(), (long) config.initialBackoffMs() << Math.min(attempt - 2, 20));
        return ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    }
}
