package dev.mcpproxy.proxy.resilience;

import dev.mcpproxy.proxy.resilience.ResilienceException.Reason;
import dev.mcpproxy.proxy.resilience.config.ResilienceConfig;
import dev.mcpproxy.proxy.upstream.RequestDeadlines;
import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import dev.mcpproxy.proxy.upstream.UpstreamException;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the calls to one upstream: circuit breaker first (an open circuit answers at once), then
 * the bulkhead (a bounded wait for a slot), then the per-tool deadline around the attempt.
 * Idempotent calls that fail are retried with backoff; others are attempted exactly once.
 */
public final class UpstreamGuard {
    private final String upstream;
    private final ResilienceConfig config;
    private final CircuitBreaker breaker;
    private final Semaphore bulkhead;
    private final Backoff backoff;
    private final Sleeper sleeper;
    /** Why the latest attempt failed (e.g. {@code timeout}, {@code protocol}); null after a success. */
    private volatile String lastFailure;

    UpstreamGuard(String upstream, ResilienceConfig config, Clock clock, Sleeper sleeper) {
        this.upstream = upstream;
        this.config = config;
        this.breaker = new CircuitBreaker(upstream, config.circuitBreaker(), clock);
        this.bulkhead = new Semaphore(config.maxConcurrent(), true);
        this.backoff = new Backoff(config.retry());
        this.sleeper = sleeper;
    }

    /**
     * Runs {@code call} under this upstream's limits. The tool's timeout bounds all attempts
     * together and a timed-out attempt (the tool's or the upstream's request timeout) is not
     * retried, so a client never waits for more than one; an answer over the size limit is not
     * retried (it would be as large again) and does not count against the upstream's health.
     * A retry refused by the guard reports the failure of the attempt that did reach the upstream.
     *
     * @param tool       the upstream's tool name for a {@code tools/call} (selects its timeout), else null
     * @param idempotent whether the call may be sent again (see {@link Idempotency})
     */
    public <T> T execute(String tool, boolean idempotent, UpstreamCall<T> call) throws UpstreamException {
        int timeoutMs = config.timeoutMsFor(tool);
        if (timeoutMs <= 0) {
            return attempts(idempotent, null, 0, call);
        }
        // The call stays on this thread (with its trace context); the one deadline sweeper
        // interrupts it when the tool's time is up, which aborts the HTTP exchange.
        try (Deadline deadline = RequestDeadlines.interrupting(Duration.ofMillis(timeoutMs))) {
            try {
                return attempts(idempotent, deadline, timeoutMs, call);
            } catch (UpstreamException e) {
                // Interrupted while waiting for a slot or between retries: still the tool's timeout.
                throw deadline.expired() && !(e instanceof ResilienceException) ? timedOut(timeoutMs) : e;
            }
        }
    }

    private <T> T attempts(boolean idempotent, Deadline deadline, int timeoutMs, UpstreamCall<T> call)
            throws UpstreamException {
        int attempts = idempotent ? config.retry().maxAttempts() : 1;
        UpstreamException previous = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(deadline, timeoutMs, call);
            } catch (ResilienceException e) {
                throw e.refusal() != Reason.TIMEOUT && previous != null ? previous : e;
            } catch (UpstreamException e) {
                if (attempt >= attempts || e.kind() == UpstreamException.Kind.TOO_LARGE
                        || e.kind() == UpstreamException.Kind.TIMEOUT) {
                    throw e;
                }
                previous = e;
            }
            long pauseMs = backoff.pauseMs(attempt + 1);
            if (deadline != null && deadline.remainingMs() <= pauseMs) {
                throw previous;
            }
            pause(pauseMs);
        }
    }

    public CircuitState circuitState() {
        return breaker.state();
    }

    /** Why the latest call attempt failed, or null when it succeeded (or none was made). */
    public String lastFailure() {
        return lastFailure;
    }

    private <T> T attempt(Deadline deadline, int timeoutMs, UpstreamCall<T> call) throws UpstreamException {
        if (!breaker.tryAcquire()) {
            throw new ResilienceException(upstream, Reason.CIRCUIT_OPEN, "circuit open after repeated failures; "
                    + "not called", breaker.retryAfterMs());
        }
        if (!acquireSlot()) {
            breaker.onUncounted();
            throw new ResilienceException(upstream, Reason.BULKHEAD_FULL, "too many calls in flight (limit "
                    + config.maxConcurrent() + "); not called", 0);
        }
        try {
            T result = withDeadline(deadline, timeoutMs, call);
            breaker.onSuccess();
            lastFailure = null;
            return result;
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.TOO_LARGE) {
                breaker.onUncounted();
            } else {
                breaker.onFailure();
                lastFailure = e.kind().name().toLowerCase(Locale.ROOT);
            }
            throw e;
        } catch (RuntimeException e) {
            breaker.onFailure();
            lastFailure = "internal";
            throw e;
        } finally {
            bulkhead.release();
        }
    }

    private boolean acquireSlot() throws UpstreamException {
        try {
            return bulkhead.tryAcquire(config.maxWaitMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "interrupted while waiting");
        }
    }

    /** The call; when the tool's deadline passed while it ran, a timeout whatever the call made of the interrupt. */
    private <T> T withDeadline(Deadline deadline, int timeoutMs, UpstreamCall<T> call) throws UpstreamException {
        T result;
        try {
            result = call.call();
        } catch (UpstreamException | RuntimeException e) {
            if (deadline != null && deadline.expired()) {
                throw timedOut(timeoutMs);
            }
            throw e;
        }
        if (deadline != null && deadline.expired()) {
            throw timedOut(timeoutMs);
        }
        return result;
    }

    private ResilienceException timedOut(int timeoutMs) {
        return new ResilienceException(upstream, Reason.TIMEOUT, "no answer within " + timeoutMs + " ms", 0);
    }

    private void pause(long pauseMs) throws UpstreamException {
        try {
            sleeper.sleep(pauseMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(upstream, UpstreamException.Kind.CLOSED, "interrupted between retries");
        }
    }
}
