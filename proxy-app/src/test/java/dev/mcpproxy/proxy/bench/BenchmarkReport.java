package dev.mcpproxy.proxy.bench;

import dev.mcpproxy.proxy.testing.ProxyProcess;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints the benchmark's results as markdown, with the ratios against direct and the targets. */
final class BenchmarkReport {
    /** Issue 16's targets (against server-everything). */
    private static final double MIN_THROUGHPUT_RATIO = 0.90;
    private static final double MAX_ADDED_MEDIAN_MS = 0.25;
    private static final Duration MAX_COLD_START = Duration.ofMillis(500);
    /** Round-to-round noise on the shared machine, within which two paths count as equally fast. */
    private static final double ERA_TOLERANCE = 0.05;
    private static final double ERA_TOLERANCE_MS = 0.05;

    private BenchmarkReport() {
    }

    static void printColdStart(PrintStream out, List<ProxyProcess.ColdStart> starts, List<Duration> jvmStarts) {
        List<Duration> coldStarts = starts.stream().map(ProxyProcess.ColdStart::total).toList();
        Duration median = ProxyLoadBenchmark.median(coldStarts);
        out.printf(Locale.ROOT, "- cold start (process start to first successful tools/list), %d runs: median **%d ms** (all: %s) — target <= %d ms: %s%n",
                coldStarts.size(), median.toMillis(), millis(coldStarts),
                MAX_COLD_START.toMillis(), verdict(median.compareTo(MAX_COLD_START) <= 0));
        out.printf(Locale.ROOT, "- baseline, the same JVM running -version: median %d ms (all: %s)%n",
                ProxyLoadBenchmark.median(jvmStarts).toMillis(), millis(jvmStarts));
        if (starts.stream().allMatch(s -> s.firstLogLine() != null && s.upstreamsReady() != null)) {
            List<Duration> toLog = starts.stream().map(ProxyProcess.ColdStart::firstLogLine).toList();
            List<Duration> toReady = starts.stream().map(s -> s.upstreamsReady().minus(s.firstLogLine())).toList();
            List<Duration> toAnswer = starts.stream().map(s -> s.total().minus(s.upstreamsReady())).toList();
            out.printf(Locale.ROOT, "- steps (medians, from the proxy's log): to its first log line (JVM, class loading, configuration) %d ms;"
                    + " then to the upstreams ready (assembly, discovery) %d ms; then to the first tools/list answered %d ms%n",
                    ProxyLoadBenchmark.median(toLog).toMillis(), ProxyLoadBenchmark.median(toReady).toMillis(),
                    ProxyLoadBenchmark.median(toAnswer).toMillis());
        }
    }

    static void printLoad(PrintStream out, ProxyLoadBenchmark.Comparison latency,
            ProxyLoadBenchmark.Comparison throughput) {
        out.println();
        out.println("| phase | target | calls | errors | calls/s | p50 ms | p90 ms | p99 ms | max ms |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        row(out, latency, "direct", latency.direct());
        row(out, latency, "proxied", latency.proxied());
        row(out, throughput, "direct", throughput.direct());
        row(out, throughput, "proxied", throughput.proxied());
        out.println();

        LatencySummary directAlone = summary(latency.direct());
        LatencySummary proxiedAlone = summary(latency.proxied());
        double addedMedian = proxiedAlone.p50Ms() - directAlone.p50Ms();
        double addedP99 = proxiedAlone.p99Ms() - directAlone.p99Ms();
        double ratio = callsPerSecond(throughput.proxied()) / callsPerSecond(throughput.direct());
        LatencySummary directLoaded = summary(throughput.direct());
        LatencySummary proxiedLoaded = summary(throughput.proxied());

        out.printf(Locale.ROOT, "- proxied/direct throughput at concurrency %d: **%.1f%%** (per round: %s) — target >= %.0f%%: %s%n",
                throughput.concurrency(), ratio * 100, roundRatios(throughput), MIN_THROUGHPUT_RATIO * 100,
                verdict(ratio >= MIN_THROUGHPUT_RATIO));
        out.printf(Locale.ROOT, "- added median latency at concurrency 1: **%.3f ms** (p99 %+.3f ms) — target <= %.2f ms: %s%n",
                addedMedian, addedP99, MAX_ADDED_MEDIAN_MS, verdict(addedMedian <= MAX_ADDED_MEDIAN_MS));
        out.printf(Locale.ROOT, "- latency under load (concurrency %d): p50 %.3f -> %.3f ms, p99 %.3f -> %.3f ms%n",
                throughput.concurrency(), directLoaded.p50Ms(), proxiedLoaded.p50Ms(), directLoaded.p99Ms(),
                proxiedLoaded.p99Ms());
        cpuPerCall(out, throughput);
        proxyPerCallAlone(out, latency);
        for (ProxyLoadBenchmark.Comparison comparison : List.of(latency, throughput)) {
            firstError(out, comparison.concurrency(), "direct", comparison.direct());
            firstError(out, comparison.concurrency(), "proxied", comparison.proxied());
        }
    }

    /**
     * The 2026-07-28 path against the 2025 one, both through the same proxy process to the same
     * upstream in the same run: it must not be slower (a small tolerance covers the machine's noise).
     */
    static void printEras(PrintStream out, ProxyLoadBenchmark.Comparison legacyLatency,
            ProxyLoadBenchmark.Comparison legacyThroughput, ProxyLoadBenchmark.Comparison modernLatency,
            ProxyLoadBenchmark.Comparison modernThroughput) {
        double legacyRate = callsPerSecond(legacyThroughput.proxied()) / callsPerSecond(legacyThroughput.direct());
        double modernRate = callsPerSecond(modernThroughput.proxied()) / callsPerSecond(modernThroughput.direct());
        double legacyAdded = summary(legacyLatency.proxied()).p50Ms() - summary(legacyLatency.direct()).p50Ms();
        double modernAdded = summary(modernLatency.proxied()).p50Ms() - summary(modernLatency.direct()).p50Ms();
        out.println();
        out.printf(Locale.ROOT, "- 2026-07-28 vs 2025 client: proxied/direct throughput %.1f%% vs %.1f%%; added median "
                        + "latency %.3f ms vs %.3f ms — modern not slower than legacy (within %.0f%% / %.2f ms): %s%n",
                modernRate * 100, legacyRate * 100, modernAdded, legacyAdded, ERA_TOLERANCE * 100, ERA_TOLERANCE_MS,
                verdict(modernRate >= legacyRate * (1 - ERA_TOLERANCE) && modernAdded <= legacyAdded + ERA_TOLERANCE_MS));
    }

    private static void firstError(PrintStream out, int concurrency, String target, List<LoadRound.Result> rounds) {
        rounds.stream().map(LoadRound.Result::firstError).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(error -> out.printf(Locale.ROOT, "- first failed call, %s at concurrency %d: %s%n",
                        target, concurrency, error));
    }

    /**
     * CPU per call is independent of how busy the shared machine is: when the cores are the limit,
     * the throughput ratio is about direct CPU per call over proxied CPU per call.
     */
    private static void cpuPerCall(PrintStream out, ProxyLoadBenchmark.Comparison comparison) {
        long directCalls = comparison.direct().stream().mapToLong(LoadRound.Result::requests).sum();
        long proxiedCalls = comparison.proxied().stream().mapToLong(LoadRound.Result::requests).sum();
        double directBench = comparison.directCpu().benchNanos() / 1e3 / directCalls;
        double proxiedBench = comparison.proxiedCpu().benchNanos() / 1e3 / proxiedCalls;
        double proxy = comparison.proxiedCpu().proxyNanos() / 1e3 / proxiedCalls;
        out.printf(Locale.ROOT, "- CPU per call at concurrency %d: direct %.0f µs (load generator + upstream); "
                        + "proxied %.0f µs (load generator + upstream) + **%.0f µs in the proxy**; "
                        + "CPU-bound throughput ratio %.1f%%%n",
                comparison.concurrency(), directBench, proxiedBench, proxy,
                100 * directBench / (proxiedBench + proxy));
        if (comparison.directCpu().proxyNanos() > 0) {
            double baseline = comparison.directCpu().proxyNanos() / 1e3 / directCalls;
            out.printf(Locale.ROOT, "- proxy CPU per call at concurrency %d: baseline proxy %.0f µs, measured proxy "
                    + "%.0f µs: **%+.0f µs per call** (%.2f×)%n", comparison.concurrency(), baseline, proxy,
                    proxy - baseline, proxy / baseline);
        }
    }

    /**
     * The proxy's CPU time and thread waits per call with calls one at a time: each wait ends in a
     * wake-up, the hand-offs between threads a call costs beside its CPU.
     */
    private static void proxyPerCallAlone(PrintStream out, ProxyLoadBenchmark.Comparison latency) {
        long proxiedCalls = latency.proxied().stream().mapToLong(LoadRound.Result::requests).sum();
        out.printf(Locale.ROOT, "- proxy per call at concurrency 1: %.0f µs CPU, %.2f thread waits (voluntary context switches)",
                latency.proxiedCpu().proxyNanos() / 1e3 / proxiedCalls,
                (double) latency.proxiedCpu().proxyWaits() / proxiedCalls);
        if (latency.directCpu().proxyNanos() > 0) {
            long directCalls = latency.direct().stream().mapToLong(LoadRound.Result::requests).sum();
            out.printf(Locale.ROOT, "; baseline proxy %.0f µs CPU, %.2f thread waits",
                    latency.directCpu().proxyNanos() / 1e3 / directCalls,
                    (double) latency.directCpu().proxyWaits() / directCalls);
        }
        out.println();
    }

    private static String millis(List<Duration> durations) {
        return durations.stream().map(d -> Long.toString(d.toMillis())).collect(Collectors.joining(", "));
    }

    private static void row(PrintStream out, ProxyLoadBenchmark.Comparison comparison, String target,
            List<LoadRound.Result> rounds) {
        LatencySummary summary = summary(rounds);
        long errors = rounds.stream().mapToLong(LoadRound.Result::errors).sum();
        out.printf(Locale.ROOT, "| concurrency %d | %s | %d | %d | %.0f | %.3f | %.3f | %.3f | %.1f |%n",
                comparison.concurrency(), target, summary.count(), errors, callsPerSecond(rounds),
                summary.p50Ms(), summary.p90Ms(), summary.p99Ms(), summary.maxMs());
    }

    private static LatencySummary summary(List<LoadRound.Result> rounds) {
        return LatencySummary.of(rounds.stream().map(LoadRound.Result::latencies).toList());
    }

    private static double callsPerSecond(List<LoadRound.Result> rounds) {
        long calls = rounds.stream().mapToLong(LoadRound.Result::requests).sum();
        long nanos = rounds.stream().mapToLong(LoadRound.Result::elapsedNanos).sum();
        return calls * 1e9 / nanos;
    }

    private static String roundRatios(ProxyLoadBenchmark.Comparison comparison) {
        StringBuilder ratios = new StringBuilder();
        for (int i = 0; i < comparison.direct().size(); i++) {
            double ratio = comparison.proxied().get(i).throughputPerSecond() / comparison.direct().get(i).throughputPerSecond();
            ratios.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f%%", ratio * 100));
        }
        return ratios.toString();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }
}
