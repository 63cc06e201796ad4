package dev.mcpproxy.proxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOverAllWorkersInMilliseconds() {
        long[] firstWorker = LongStream.rangeClosed(1, 50).map(ms -> ms * 1_000_000).toArray();
        long[] secondWorker = LongStream.rangeClosed(51, 100).map(ms -> ms * 1_000_000).toArray();
        LatencySummary summary = LatencySummary.of(List.of(secondWorker, firstWorker));
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50.0);
        assertThat(summary.p90Ms()).isEqualTo(90.0);
        assertThat(summary.p99Ms()).isEqualTo(99.0);
        assertThat(summary.maxMs()).isEqualTo(100.0);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        LatencySummary summary = LatencySummary.of(List.of(new long[] {250_000}));
        assertThat(summary.p50Ms()).isEqualTo(0.25);
        assertThat(summary.p99Ms()).isEqualTo(0.25);
    }

    @Test
    void noCallsGiveNoNumbers() {
        LatencySummary summary = LatencySummary.of(List.of(new long[0]));
        assertThat(summary.count()).isZero();
        assertThat(summary.p50Ms()).isNaN();
    }
}
