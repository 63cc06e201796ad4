package dev.mcpproxy.proxy.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Buckets in this process's memory, by the same algorithm as the shared store ({@link Gcra}).
 * Limits one process only: on AgentCore that is one session's microVM. Each bucket is one arrival
 * time, updated atomically per key. Full buckets are dropped when the map grows large: a missing
 * bucket is a full one, and the removal only happens if the bucket was not changed meanwhile.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
    private static final int SWEEP_THRESHOLD = 100_000;

    private final ConcurrentHashMap<String, Long> arrivalTimes = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryRateLimitStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Decision tryConsume(String key, Limit limit) {
        long now = nowNanos();
        if (arrivalTimes.size() > SWEEP_THRESHOLD) {
            arrivalTimes.values().removeIf(tat -> tat <= now);
        }
        Decision[] decision = new Decision[1];
        arrivalTimes.compute(key, (k, storedTat) -> {
            Gcra.Step step = Gcra.step(storedTat, now, limit);
            decision[0] = step.decision();
            return step.tat();
        });
        return decision[0];
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
