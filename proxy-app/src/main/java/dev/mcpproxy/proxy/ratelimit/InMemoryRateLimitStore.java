package dev.mcpproxy.proxy.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in this process's memory (Bucket4j). Limits one process only: on AgentCore that is one
 * session's microVM. Full buckets are dropped when the map grows large, since a new bucket starts
 * full and so behaves the same.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
    private static final int SWEEP_THRESHOLD = 100_000;

    private record Entry(Bucket bucket, long burst) {
    }

    private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private final TimeMeter time;

    public InMemoryRateLimitStore(Clock clock) {
        this.time = clock.equals(Clock.systemUTC()) ? TimeMeter.SYSTEM_MILLISECONDS : new ClockTimeMeter(clock);
    }

    @Override
    public Decision tryConsume(String key, Limit limit) {
        if (buckets.size() > SWEEP_THRESHOLD) {
            buckets.values().removeIf(entry -> entry.bucket().getAvailableTokens() >= entry.burst());
        }
        Entry entry = buckets.computeIfAbsent(key, k -> new Entry(newBucket(limit), limit.burst()));
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        return probe.isConsumed()
                ? new Decision(true, probe.getRemainingTokens(), 0)
                : new Decision(false, 0, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()) + 1);
    }

    private Bucket newBucket(Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.rate(), limit.period()).build())
                .withCustomTimePrecision(time)
                .build();
    }

    /** Bucket4j time from a {@link Clock}, so tests can move time by hand. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
