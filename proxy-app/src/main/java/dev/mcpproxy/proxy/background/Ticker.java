package dev.mcpproxy.proxy.background;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The sleep of a background thread that works in ticks (the deadline sweep, the audit writer) and
 * stops ticking once it has had nothing to do for a while: an idle proxy, an AgentCore microVM
 * waiting for its session's next call, is then not woken many times a second. Ticking rather than
 * waiting on each piece of work keeps producers from waking the thread on every request; only the
 * first piece of work after a quiet spell does, through {@link #wake()}.
 */
public final class Ticker {
    private final long tickNanos;
    private final long dormantAfterNanos;
    private final AtomicBoolean dormant = new AtomicBoolean();
    private volatile Thread sleeper;
    /** Touched by the ticking thread only. */
    private long lastBusy = System.nanoTime();

    public Ticker(Duration tick, Duration dormantAfter) {
        this.tickNanos = tick.toNanos();
        this.dormantAfterNanos = dormantAfter.toNanos();
    }

    /**
     * Called by the ticking thread between rounds: sleeps one tick, or, when {@code hasWork} has been
     * false for the dormant period, until {@link #wake()} (or an interrupt). {@code hasWork} is asked
     * again after the thread announces its sleep, so work added meanwhile is never missed.
     */
    public void await(BooleanSupplier hasWork) {
        long now = System.nanoTime();
        if (hasWork.getAsBoolean()) {
            lastBusy = now;
        } else if (now - lastBusy >= dormantAfterNanos) {
            sleepUntilWoken(hasWork);
            lastBusy = System.nanoTime();
            return;
        }
        LockSupport.parkNanos(this, tickNanos);
    }

    /**
     * Called after adding work: wakes the thread if it sleeps for want of work. A ticking thread costs
     * the caller one volatile read.
     */
    public void wake() {
        if (dormant.get() && dormant.compareAndSet(true, false)) {
            LockSupport.unpark(sleeper);
        }
    }

    private void sleepUntilWoken(BooleanSupplier hasWork) {
        sleeper = Thread.currentThread();
        dormant.set(true);
        if (hasWork.getAsBoolean() && dormant.compareAndSet(true, false)) {
            return;
        }
        while (dormant.get() && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(this);
        }
        dormant.set(false);
    }
}
