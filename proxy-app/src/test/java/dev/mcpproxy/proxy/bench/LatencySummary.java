package dev.mcpproxy.proxy.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a set of latencies, in milliseconds. */
record LatencySummary(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

    static LatencySummary of(List<long[]> parts) {
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(all.length, percentile(all, 0.50), percentile(all, 0.90),
                percentile(all, 0.99), all[all.length - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
