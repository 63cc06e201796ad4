package dev.mcpproxy.proxy.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * The token bucket as one timestamp (GCRA): a bucket is its theoretical arrival time ({@code tat}),
 * the instant at which it would be full again, in integer nanoseconds. One algorithm for every
 * store, so a bucket decides the same in memory and in DynamoDB; a store only has to swap the
 * timestamp atomically.
 */
final class Gcra {

    /**
     * One request's effect on a bucket.
     *
     * @param decision the answer for the request
     * @param tat      the bucket's arrival time after it: advanced when admitted, unchanged when denied
     */
    record Step(Decision decision, long tat) {
    }

    private Gcra() {
    }

    /**
     * Decides one request at {@code now} against a bucket whose stored arrival time is
     * {@code storedTat}, or {@code null} for a bucket never used (or expired), which is full.
     */
    static Step step(Long storedTat, long now, Limit limit) {
        long interval = limit.nanosPerToken();
        long tolerance = tolerance(interval, limit.burst());
        long tat = storedTat == null ? now : Math.max(storedTat, now);
        long waitNanos = tat - tolerance - now;
        if (waitNanos > 0) {
            return new Step(new Decision(false, 0, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1),
                    storedTat == null ? now : storedTat);
        }
        long newTat = tat + interval;
        return new Step(new Decision(true, Math.floorDiv(tolerance - (newTat - now), interval) + 1, 0), newTat);
    }

    /** How far ahead of now the arrival time may run: {@code burst - 1} intervals, saturated so huge bursts cannot overflow. */
    private static long tolerance(long interval, long burst) {
        return burst - 1 > (Long.MAX_VALUE / 4) / interval ? Long.MAX_VALUE / 4 : interval * (burst - 1);
    }
}
