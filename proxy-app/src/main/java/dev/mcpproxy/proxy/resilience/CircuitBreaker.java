package dev.mcpproxy.proxy.resilience;

import dev.mcpproxy.proxy.resilience.config.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One upstream's circuit: opens on consecutive failures or on the failure rate over the last calls,
 * refuses calls while open, lets probes through half-open, and closes when a probe succeeds.
 */
final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String upstream;
    private final CircuitBreakerConfig config;
    private final Clock clock;
    private final boolean[] window;
    private CircuitState state = CircuitState.CLOSED;
    private int windowNext;
    private int windowCount;
    private int windowFailures;
    private int consecutiveFailures;
    private int probesInFlight;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(String upstream, CircuitBreakerConfig config, Clock clock) {
        this.upstream = upstream;
        this.config = config;
        this.clock = clock;
        this.window = new boolean[config.windowSize()];
    }

    /** True when a call may go ahead; it must then end in exactly one of the three outcome calls. */
    synchronized boolean tryAcquire() {
        if (state == CircuitState.OPEN) {
            if (clock.instant().isBefore(openUntil)) {
                return false;
            }
            state = CircuitState.HALF_OPEN;
            probesInFlight = 0;
            LOG.info("Circuit of upstream {} half-open: probing", upstream);
        }
        if (state == CircuitState.HALF_OPEN) {
            if (probesInFlight >= config.halfOpenProbes()) {
                return false;
            }
            probesInFlight++;
        }
        return true;
    }

    synchronized void onSuccess() {
        if (state == CircuitState.HALF_OPEN) {
            LOG.info("Circuit of upstream {} closed: the upstream answers again", upstream);
            reset();
            return;
        }
        consecutiveFailures = 0;
        record(false);
    }

    synchronized void onFailure() {
        if (state == CircuitState.HALF_OPEN) {
            open();
            return;
        }
        consecutiveFailures++;
        record(true);
        boolean rateExceeded = windowCount >= config.minimumCalls()
                && windowFailures * 100 >= config.failureRatePercent() * windowCount;
        if (state == CircuitState.CLOSED && (consecutiveFailures >= config.consecutiveFailures() || rateExceeded)) {
            open();
        }
    }

    /**
     * The call says nothing about the upstream's health: it never reached the upstream for reasons
     * of its own (the bulkhead was full), or its answer was too large for the caller's limit.
     */
    synchronized void onUncounted() {
        if (state == CircuitState.HALF_OPEN && probesInFlight > 0) {
            probesInFlight--;
        }
    }

    synchronized CircuitState state() {
        if (state == CircuitState.OPEN && !clock.instant().isBefore(openUntil)) {
            return CircuitState.HALF_OPEN;
        }
        return state;
    }

    /** How long until a probe may go through, for the error's {@code retryAfterMs}. */
    synchronized long retryAfterMs() {
        return Math.max(0, Duration.between(clock.instant(), openUntil).toMillis());
    }

    private void open() {
        state = CircuitState.OPEN;
        openUntil = clock.instant().plusMillis(config.openMs());
        LOG.warn("Circuit of upstream {} opened for {} ms after repeated failures", upstream, config.openMs());
    }

    private void reset() {
        state = CircuitState.CLOSED;
        consecutiveFailures = 0;
        windowCount = 0;
        windowFailures = 0;
        windowNext = 0;
        probesInFlight = 0;
    }

    private void record(boolean failure) {
        if (windowCount == window.length) {
            if (window[windowNext]) {
                windowFailures--;
            }
        } else {
            windowCount++;
        }
        window[windowNext] = failure;
        if (failure) {
            windowFailures++;
        }
        windowNext = (windowNext + 1) % window.length;
    }
}
