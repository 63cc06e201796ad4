package dev.mcpproxy.proxy.ratelimit;

import java.time.Duration;

/**
 * A token bucket's shape: holds at most {@code burst} tokens and gains {@code rate} tokens every
 * {@code period}; each request takes one.
 */
public record Limit(long rate, Duration period, long burst) {

    public Limit {
        if (rate <= 0 || burst <= 0 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate, burst and period must be positive");
        }
    }

    /** Time in which one token comes back, in nanoseconds. */
    long nanosPerToken() {
        return Math.max(1, period.toNanos() / rate);
    }
}
