package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.ProxyProcess;
import dev.mcpproxy.proxy.upstream.StreamableHttpConnection;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load benchmark of the proxy core: {@code tools/call} throughput and latency directly against an
 * upstream and through the proxy, in the same run so machine noise hits both alike (throughput in
 * alternating rounds, ABBA; latency with calls alternating one by one), plus the proxy's cold start. The proxy runs as a separate process from its jar.
 *
 * <p>Run from the repository root (see docs/benchmarks/core.md):
 * {@code ./mvnw -B -q -pl proxy-app test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.mcpproxy.proxy.bench.ProxyLoadBenchmark -Dexec.args="--rounds 4"}
 */
public final class ProxyLoadBenchmark {
    /** A successful call's result, not an error; a tool failure ({@code isError}) would count as a call too. */
    private static final String SUCCESS = "\"result\"";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** Idle measurement: a pause past the proxy's dormant periods (1 s), then the window measured. */
    private static final Duration REST_SETTLE = Duration.ofSeconds(3);
    private static final Duration REST_WINDOW = Duration.ofSeconds(10);

    private ProxyLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        if (options.proxyMain() == null && options.launchFiles().isEmpty() && !Files.exists(options.jar())) {
            throw new IllegalStateException(options.jar() + " is missing: build it with ./mvnw -B -q -pl proxy-app -DskipTests package");
        }
        try (BenchUpstream upstream = BenchUpstream.start(options)) {
            new ProxyLoadBenchmark().run(options, upstream, args);
        }
    }

    /**
     * The upstream under test, and its process when it runs beside the benchmark in one of its own
     * (its CPU time counts with the load generator's: both are what a direct call costs).
     */
    private record BenchUpstream(URI url, ProcessHandle process, AutoCloseable server) implements AutoCloseable {
        static BenchUpstream start(BenchmarkOptions options) {
            if (options.upstreamUrl() != null) {
                return new BenchUpstream(options.upstreamUrl(), null, () -> { });
            }
            return switch (options.upstream()) {
                case DEMO -> {
                    DemoUpstream demo = DemoUpstream.start("127.0.0.1", 0);
                    yield new BenchUpstream(demo.url(), null, demo);
                }
                case EVERYTHING -> {
                    EverythingServer everything = EverythingServer.start();
                    yield new BenchUpstream(URI.create(everything.url()), everything.process(), everything);
                }
            };
        }

        long cpuNanos() {
            return process == null ? 0 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private void run(BenchmarkOptions options, BenchUpstream benchUpstream, String[] args) throws Exception {
        URI upstream = benchUpstream.url();
        Path logs = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "mcp-proxy-bench"));
        System.out.printf(Locale.ROOT, "## Proxy core load benchmark, %s%n%n", Instant.now());
        System.out.printf(Locale.ROOT, "- machine: %d cores, load average %.1f at start, Java %s; proxy JVM options: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), Runtime.version(), options.proxyJvmArgs());
        System.out.printf(Locale.ROOT, "- upstream: %s, tool %s %s; proxy: %s, configuration: %s%n", upstream,
                options.tool(), options.arguments(), options.launches().stream().map(BenchmarkOptions.Launch::name).toList(),
                options.proxyConfig() == null ? "defaults" : options.proxyConfig());
        System.out.printf(Locale.ROOT, "- command arguments: %s%n", String.join(" ", args));

        List<BenchmarkOptions.Launch> launches = options.launches();
        Map<BenchmarkOptions.Launch, List<Duration>> jvmStarts = new LinkedHashMap<>();
        Map<BenchmarkOptions.Launch, List<ProxyProcess.ColdStart>> coldStarts = new LinkedHashMap<>();
        for (int i = 0; i < options.coldStarts(); i++) {
            // Alternated, the order flipping each round, so a drift in machine load hits every launch alike.
            List<BenchmarkOptions.Launch> order = new ArrayList<>(launches);
            if (i % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (BenchmarkOptions.Launch launch : order) {
                jvmStarts.computeIfAbsent(launch, l -> new ArrayList<>()).add(bareJvmStart(launch));
                try (ProxyProcess proxy = startProxy(launch.command(), upstream,
                        logs.resolve("cold-start-" + i + "-" + launches.indexOf(launch) + ".log"), READY_TIMEOUT)) {
                    coldStarts.computeIfAbsent(launch, l -> new ArrayList<>()).add(proxy.coldStart());
                }
            }
        }
        for (BenchmarkOptions.Launch launch : coldStarts.keySet()) {
            System.out.printf(Locale.ROOT, "%n### Cold start: %s%n%n- command: %s%n", launch.name(), String.join(" ", launch.command()));
            BenchmarkReport.printColdStart(System.out, coldStarts.get(launch), jvmStarts.get(launch));
        }
        if (options.rounds() > 0) {
            compareUnderLoad(options, benchUpstream, logs);
        }
        System.out.printf(Locale.ROOT, "- load average at the end: %.1f (other processes share the cores)%n", loadAverage());
    }

    private void compareUnderLoad(BenchmarkOptions options, BenchUpstream benchUpstream, Path logs) throws Exception {
        URI upstream = benchUpstream.url();
        try (ProxyProcess proxy = startProxy(options.launches().get(0).command(), upstream,
                logs.resolve("load.log"), READY_TIMEOUT);
                ProxyProcess baseline = !options.hasBaseline() ? null : startProxy(
                        options.baselineLaunch(), upstream, logs.resolve("baseline.log"), READY_TIMEOUT);
                HttpClient http = McpBenchClient.newHttpClient()) {
            String proxiedTool = proxiedToolName(http, proxy.endpoint(), options.tool());
            Target direct = baseline == null
                    ? new Target("direct", upstream,
                            new LoadRound.Call("tools/call", params(options.tool(), options.arguments()), SUCCESS), false)
                    : new Target("baseline proxy", baseline.endpoint(), new LoadRound.Call("tools/call",
                            params(proxiedToolName(http, baseline.endpoint(), options.tool()), options.arguments()), SUCCESS),
                            false);
            if (baseline != null) {
                System.out.printf(Locale.ROOT, "- baseline: a second proxy, %s; the rows named direct are that proxy%n",
                        options.baselineName());
            }
            Target proxied = new Target("proxied", proxy.endpoint(),
                    new LoadRound.Call("tools/call", params(proxiedTool, options.arguments()), SUCCESS), false);
            Target proxiedModern = new Target("proxied, 2026-07-28 client", proxy.endpoint(), proxied.call(), true);
            System.out.printf(Locale.ROOT, "- proxied tool name: %s; %d rounds of %ds per target and phase, warm-up %ds%n",
                    proxiedTool, options.rounds(), options.roundLength().toSeconds(), options.warmup().toSeconds());

            long idleKiB = proxy.memoryKiB("VmRSS");
            Meters meters = new Meters(proxy, baseline, benchUpstream);
            // Throughput first: its many calls also finish the JIT's work, so that the latency phase
            // measures steady code rather than compilation (slow upstreams get few calls per second).
            Comparison throughput = compare(direct, proxied, meters, options.concurrency(), options);
            Comparison latency = compare(direct, proxied, meters, 1, options);
            // The same upstream and proxy process, a 2026-07-28 client: per-request _meta, no session.
            Comparison modernThroughput = compare(direct, proxiedModern, meters, options.concurrency(), options);
            Comparison modernLatency = compare(direct, proxiedModern, meters, 1, options);
            System.out.printf(Locale.ROOT, "%n### 2025 client (MCP-Protocol-Version %s, sessions)%n",
                    StreamableHttpConnection.LATEST_PROTOCOL_VERSION);
            BenchmarkReport.printLoad(System.out, latency, throughput);
            System.out.printf(Locale.ROOT, "%n### 2026-07-28 client (per-request _meta, no session)%n");
            BenchmarkReport.printLoad(System.out, modernLatency, modernThroughput);
            BenchmarkReport.printEras(System.out, latency, throughput, modernLatency, modernThroughput);
            System.out.printf(Locale.ROOT, "- proxy resident set: %d MiB after its first tools/list, %d MiB after the load, peak %d MiB%n",
                    idleKiB / 1024, proxy.memoryKiB("VmRSS") / 1024, proxy.memoryKiB("VmHWM") / 1024);
            printAtRest(proxy, baseline);
        }
    }

    /**
     * What an idle proxy costs (an AgentCore microVM between its session's calls): CPU and thread
     * wake-ups per second over {@link #REST_WINDOW} without calls, after {@link #REST_SETTLE}.
     */
    private static void printAtRest(ProxyProcess proxy, ProxyProcess baseline) throws Exception {
        Thread.sleep(REST_SETTLE.toMillis());
        CpuTime proxyBefore = proxyNow(proxy);
        CpuTime baselineBefore = proxyNow(baseline);
        Thread.sleep(REST_WINDOW.toMillis());
        printRest("proxy", minus(proxyNow(proxy), proxyBefore));
        if (baseline != null) {
            printRest("baseline proxy", minus(proxyNow(baseline), baselineBefore));
        }
    }

    private static void printRest(String name, CpuTime rest) {
        double seconds = REST_WINDOW.toMillis() / 1000.0;
        System.out.printf(Locale.ROOT, "- %s at rest (%.0f s without calls, %.0f s after the load): %.0f µs CPU and %.1f thread wake-ups per second%n",
                name, seconds, REST_SETTLE.toMillis() / 1000.0, rest.proxyNanos() / 1000.0 / seconds, rest.proxyWaits() / seconds);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The baseline for the cold start: the same launcher and JVM options running {@code -version}. */
    private static Duration bareJvmStart(BenchmarkOptions.Launch launch) throws Exception {
        List<String> command = launch.jvmBaseline();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The client-visible name of the benchmark tool: the proxy may prefix it. */
    /** The proxy in front of {@code upstream}, ready once a {@code tools/list} through it succeeds. */
    private static ProxyProcess startProxy(List<String> launch, URI upstream, Path log, Duration timeout)
            throws IOException, InterruptedException {
        try (HttpClient http = McpBenchClient.newHttpClient()) {
            return ProxyProcess.start(launch, List.of("--upstream", "bench=" + upstream), Map.of(), log,
                    timeout, endpoint -> toolsListSucceeds(http, endpoint));
        }
    }

    private static boolean toolsListSucceeds(HttpClient http, URI endpoint) throws InterruptedException {
        try {
            McpBenchClient client = new McpBenchClient(http, endpoint);
            client.initialize();
            JsonNode tools = client.request("tools/list", "{}").at("/result/tools");
            return tools.isArray() && !tools.isEmpty();
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String proxiedToolName(HttpClient http, URI proxy, String upstreamName) throws Exception {
        McpBenchClient client = new McpBenchClient(http, proxy);
        client.initialize();
        for (JsonNode tool : client.request("tools/list", "{}").at("/result/tools")) {
            String name = tool.path("name").asText();
            if (name.endsWith(upstreamName)) {
                return name;
            }
        }
        throw new IllegalStateException("The proxy lists no tool ending in " + upstreamName);
    }

    private static String params(String tool, String arguments) {
        return "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}";
    }

    /** @param modern whether its clients speak the 2026-07-28 era */
    record Target(String name, URI endpoint, LoadRound.Call call, boolean modern) {
    }

    /**
     * Where CPU time is read: the proxy process for proxied calls, the baseline proxy's (when there
     * is one) for the direct ones, and the upstream's when it has a process of its own.
     */
    private record Meters(ProxyProcess proxy, ProxyProcess baseline, BenchUpstream upstream) {
    }

    /**
     * Rounds of both targets at one concurrency, measured alternately, with the CPU time the load
     * generator's JVM and the upstream (in-process or its own) and the proxy process spent in them.
     */
    record Comparison(int concurrency, List<LoadRound.Result> direct, List<LoadRound.Result> proxied,
            CpuTime directCpu, CpuTime proxiedCpu) {
    }

    /**
     * CPU nanoseconds over a target's rounds: this JVM's with the upstream's, and the proxy
     * process's; and the proxy's thread waits ({@link ProxyProcess#waits()}).
     */
    record CpuTime(long benchNanos, long proxyNanos, long proxyWaits) {
        static final CpuTime NONE = new CpuTime(0, 0, 0);

        CpuTime plus(CpuTime other) {
            return new CpuTime(benchNanos + other.benchNanos, proxyNanos + other.proxyNanos,
                    proxyWaits + other.proxyWaits);
        }
    }

    /**
     * Each phase has its own HTTP client: connections left idle by an earlier phase may have been
     * closed by the server meanwhile, and reusing one would count as a failed call.
     */
    private static Comparison compare(Target direct, Target proxied, Meters meters, int concurrency,
            BenchmarkOptions options) throws Exception {
        try (HttpClient http = McpBenchClient.newHttpClient()) {
            List<McpBenchClient> directClients = sessions(http, direct, concurrency);
            List<McpBenchClient> proxiedClients = sessions(http, proxied, concurrency);
            try {
                return compare(directClients, proxiedClients, direct, proxied, meters, concurrency, options);
            } finally {
                // A stateful upstream keeps (and may keep working for) every session until it is ended.
                directClients.forEach(McpBenchClient::close);
                proxiedClients.forEach(McpBenchClient::close);
            }
        }
    }

    private static Comparison compare(List<McpBenchClient> directClients, List<McpBenchClient> proxiedClients,
            Target direct, Target proxied, Meters meters, int concurrency, BenchmarkOptions options) throws Exception {
        if (concurrency == 1) {
            return interleaved(directClients.getFirst(), proxiedClients.getFirst(), direct, proxied, meters, options);
        }
        LoadRound.run(directClients, direct.call(), options.warmup());
        LoadRound.run(proxiedClients, proxied.call(), options.warmup());
        List<LoadRound.Result> directResults = new ArrayList<>();
        List<LoadRound.Result> proxiedResults = new ArrayList<>();
        CpuTime directCpu = CpuTime.NONE;
        CpuTime proxiedCpu = CpuTime.NONE;
        for (int round = 0; round < options.rounds(); round++) {
            // ABBA order: a drift in machine load affects both targets alike.
            boolean directFirst = round % 2 == 0;
            for (int leg = 0; leg < 2; leg++) {
                if ((leg == 0) == directFirst) {
                    CpuTime before = cpuNow(meters, meters.baseline());
                    directResults.add(LoadRound.run(directClients, direct.call(), options.roundLength()));
                    directCpu = directCpu.plus(minus(cpuNow(meters, meters.baseline()), before));
                } else {
                    CpuTime before = cpuNow(meters, meters.proxy());
                    proxiedResults.add(LoadRound.run(proxiedClients, proxied.call(), options.roundLength()));
                    proxiedCpu = proxiedCpu.plus(minus(cpuNow(meters, meters.proxy()), before));
                }
            }
        }
        return new Comparison(concurrency, directResults, proxiedResults, directCpu, proxiedCpu);
    }

    /**
     * The latency phase alternates direct and proxied calls one by one: the upstream's own latency
     * drifts by more than the proxy adds (node's p50 moved 1.9–2.5 ms between rounds), and only
     * calls side by side see the same drift. The load generator's and upstream's CPU time cannot
     * be split by target; a proxy's can, as it works only for its own target's calls.
     */
    private static Comparison interleaved(McpBenchClient directClient, McpBenchClient proxiedClient, Target direct,
            Target proxied, Meters meters, BenchmarkOptions options) throws IOException {
        LoadRound.interleaved(directClient, direct.call(), proxiedClient, proxied.call(), options.warmup());
        List<LoadRound.Result> directResults = new ArrayList<>();
        List<LoadRound.Result> proxiedResults = new ArrayList<>();
        CpuTime proxyBefore = proxyNow(meters.proxy());
        CpuTime baselineBefore = proxyNow(meters.baseline());
        for (int round = 0; round < options.rounds(); round++) {
            List<LoadRound.Result> both = LoadRound.interleaved(directClient, direct.call(), proxiedClient,
                    proxied.call(), options.roundLength().multipliedBy(2));
            directResults.add(both.get(0));
            proxiedResults.add(both.get(1));
        }
        return new Comparison(1, directResults, proxiedResults,
                minus(proxyNow(meters.baseline()), baselineBefore), minus(proxyNow(meters.proxy()), proxyBefore));
    }

    /** A proxy process's CPU time and waits so far; none without a process. */
    private static CpuTime proxyNow(ProxyProcess proxy) throws IOException {
        return proxy == null ? CpuTime.NONE : new CpuTime(0, proxy.cpuTime().toNanos(), proxy.waits());
    }

    private static CpuTime minus(CpuTime now, CpuTime before) {
        return new CpuTime(now.benchNanos() - before.benchNanos(), now.proxyNanos() - before.proxyNanos(),
                now.proxyWaits() - before.proxyWaits());
    }

    /** This JVM's and the upstream's CPU time, with the target's proxy (none for direct calls). */
    private static CpuTime cpuNow(Meters meters, ProxyProcess target) throws IOException {
        long bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        CpuTime proxy = proxyNow(target);
        return new CpuTime(bench + meters.upstream().cpuNanos(), proxy.proxyNanos(), proxy.proxyWaits());
    }

    private static List<McpBenchClient> sessions(HttpClient http, Target target, int count) throws Exception {
        List<McpBenchClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            McpBenchClient client = new McpBenchClient(http, target.endpoint(), target.modern());
            client.initialize();
            clients.add(client);
        }
        return clients;
    }

    static Duration median(List<Duration> durations) {
        List<Duration> sorted = durations.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }
}
