package dev.mcpproxy.proxy.ratelimit;

import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts of rate-limit decisions, for the metrics endpoint. */
public final class RateLimitCounters {
    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder storeFailuresAdmitted = new LongAdder();
    private final LongAdder storeFailuresRejected = new LongAdder();

    void allowed() {
        allowed.increment();
    }

    void denied() {
        denied.increment();
    }

    void storeFailure(FailMode mode) {
        (mode == FailMode.OPEN ? storeFailuresAdmitted : storeFailuresRejected).increment();
    }

    /** Metric name to value. */
    public Map<String, Long> snapshot() {
        return Map.of(
                "ratelimit_allowed_total", allowed.sum(),
                "ratelimit_denied_total", denied.sum(),
                "ratelimit_store_failures_admitted_total", storeFailuresAdmitted.sum(),
                "ratelimit_store_failures_rejected_total", storeFailuresRejected.sum());
    }
}
