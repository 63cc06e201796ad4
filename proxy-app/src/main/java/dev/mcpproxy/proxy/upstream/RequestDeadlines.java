package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.background.Ticker;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Upstream request deadlines, enforced by one sweeping thread instead of a timer per request.
 * Arming and disarming a deadline touch only a concurrent set, so the request path never wakes
 * another thread (a per-request timer in the HTTP client or a scheduler costs a thread wake-up on
 * each call; see docs/benchmarks/core.md). A deadline fires at most one tick late. The
 * resilience guard's per-tool timeouts use the same sweeper ({@link #interrupting}), so the call
 * stays on the request's thread, with its trace context.
 *
 * <p>Once nothing has been armed for {@link #DORMANT_AFTER}, the sweeper stops ticking until the
 * next deadline is armed ({@link Ticker}).
 */
public final class RequestDeadlines {
    static final Duration TICK = Duration.ofMillis(20);
    static final Duration DORMANT_AFTER = Duration.ofSeconds(1);
    private static final RequestDeadlines SHARED = new RequestDeadlines("upstream-deadlines", TICK, DORMANT_AFTER);

    private final Set<Deadline> armed = ConcurrentHashMap.newKeySet();
    private final Ticker ticker;

    /** A sweeper of its own; the proxy shares one ({@link #arm}, {@link #interrupting}). */
    RequestDeadlines(String threadName, Duration tick, Duration dormantAfter) {
        this.ticker = new Ticker(tick, dormantAfter);
        Thread.ofPlatform().daemon().name(threadName).start(this::sweep);
    }

    /** A deadline {@code timeout} from now; close it when the request is done. */
    static Deadline arm(Duration timeout) {
        return SHARED.armed(timeout, null);
    }

    /**
     * A deadline {@code timeout} from now that interrupts the current thread when it passes (which
     * aborts the HTTP exchange it waits for); closing it clears that interrupt.
     */
    public static Deadline interrupting(Duration timeout) {
        return SHARED.armed(timeout, Thread.currentThread());
    }

    /** A deadline {@code timeout} from now, interrupting {@code waiter} (when not null) as it passes. */
    Deadline armed(Duration timeout, Thread waiter) {
        Deadline deadline = new Deadline(this, System.nanoTime() + timeout.toNanos(), waiter);
        armed.add(deadline);
        ticker.wake();
        return deadline;
    }

    private void sweep() {
        BooleanSupplier anyArmed = () -> !armed.isEmpty();
        while (true) {
            ticker.await(anyArmed);
            long now = System.nanoTime();
            for (Deadline deadline : armed) {
                if (now - deadline.deadlineNanos >= 0) {
                    armed.remove(deadline);
                    deadline.expire();
                }
            }
        }
    }

    /**
     * One request's deadline. When it passes, the exchange still waiting for response headers is
     * cancelled and the body being read is closed, so the waiting thread wakes with an error.
     */
    public static final class Deadline implements AutoCloseable {
        private final RequestDeadlines sweeper;
        private volatile long deadlineNanos;
        private volatile boolean expired;
        private volatile Future<?> exchange;
        private volatile InputStream body;
        /** The thread interrupted on expiry, or null; guarded by this deadline's lock. */
        private Thread waiter;

        private Deadline(RequestDeadlines sweeper, long deadlineNanos, Thread waiter) {
            this.sweeper = sweeper;
            this.deadlineNanos = deadlineNanos;
            this.waiter = waiter;
        }

        public boolean expired() {
            return expired;
        }

        /** Milliseconds left (at least 1 while armed, so it can bound a wait). */
        public long remainingMs() {
            return Math.max(1, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
        }

        /** Brings the deadline forward to at most {@code within} from now (never later than it was). */
        void cutShort(Duration within) {
            long candidate = System.nanoTime() + within.toNanos();
            if (candidate - deadlineNanos < 0) {
                deadlineNanos = candidate;
            }
        }

        /** Makes {@code pending} (an exchange waiting for its response headers) the one cancelled. */
        void watch(Future<?> pending) {
            exchange = pending;
            if (expired) {
                pending.cancel(true);
            }
        }

        /** Makes {@code stream} (a response body, or a resumed one) the one closed. */
        InputStream watch(InputStream stream) {
            body = stream;
            if (expired) {
                closeQuietly(stream);
            }
            return stream;
        }

        /** Stops watching {@code stream}: it lives on beyond this deadline. */
        void release(InputStream stream) {
            if (body == stream) {
                body = null;
            }
        }

        /** The body watched last, to be closed by the reader when it is done; null once released. */
        InputStream body() {
            return body;
        }

        private void expire() {
            expired = true;
            synchronized (this) {
                if (waiter != null) {
                    waiter.interrupt();
                }
            }
            Future<?> pending = exchange;
            if (pending != null) {
                pending.cancel(true);
            }
            InputStream stream = body;
            if (stream != null) {
                closeQuietly(stream);
            }
        }

        @Override
        public void close() {
            sweeper.armed.remove(this);
            synchronized (this) {
                if (waiter != null && expired) {
                    // The interrupt was this deadline's; the thread goes on serving other work.
                    Thread.interrupted();
                }
                waiter = null;
            }
        }
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }
}
