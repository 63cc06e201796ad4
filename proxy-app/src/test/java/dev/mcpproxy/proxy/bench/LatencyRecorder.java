package dev.mcpproxy.proxy.bench;

import java.util.Arrays;

/** A growable array of latencies in nanoseconds, one per worker thread (not thread-safe). */
final class LatencyRecorder {
    private long[] nanos = new long[1 << 14];
    private int size;

    void record(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    long[] values() {
        return Arrays.copyOf(nanos, size);
    }
}
