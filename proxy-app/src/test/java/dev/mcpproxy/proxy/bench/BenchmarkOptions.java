package dev.mcpproxy.proxy.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link ProxyLoadBenchmark}; every one has a default. */
record BenchmarkOptions(
        Path jar,
        String proxyMain,
        String java,
        List<String> proxyJvmArgs,
        Path proxyConfig,
        Path baselineConfig,
        Path baselineJar,
        List<String> baselineJvmArgs,
        Upstream upstream,
        URI upstreamUrl,
        String tool,
        String arguments,
        int concurrency,
        int rounds,
        Duration roundLength,
        Duration warmup,
        int coldStarts,
        List<Path> launchFiles) {

    /** Which upstream the benchmark starts when no URL is given. */
    enum Upstream {
        /** {@code DemoUpstream} in the benchmark's JVM: a Java server answering from memory, the cheapest peer. */
        DEMO("lookup_customer", "{\"customerId\":\"C-1001\"}"),
        /** The pinned npm server-everything in its own node process, the real MCP server the tests use. */
        EVERYTHING("echo", "{\"message\":\"hello from the benchmark\"}");

        final String tool;
        final String arguments;

        Upstream(String tool, String arguments) {
            this.tool = tool;
            this.arguments = arguments;
        }
    }

    static final String USAGE = """
            Options (all optional):
              --jar PATH            proxy jar (default proxy-app/target/proxy-app.jar)
              --proxy-main CLASS    run this main class from the benchmark's own class path instead of
                                    the jar, e.g. dev.mcpproxy.proxy.bench.ReferenceForwarder (needs a
                                    plain java -cp launch, not exec:java)
              --java PATH           java launcher for the proxy (default: the one running the benchmark)
              --proxy-jvm-arg ARG   extra JVM option for the proxy process, repeatable
              --proxy-config FILE   the proxy's configuration file (--config); default: none, the proxy's
                                    defaults with all governance on; proxy-app/src/test/resources/bench/
                                    passthrough.yaml switches every governance stage off
              --baseline-config FILE
                                    compare against a second proxy process with this configuration
                                    instead of the upstream directly: the rows named direct are then
                                    that proxy (both proxies' CPU per call is reported)
              --baseline-jar PATH   compare against a second proxy process from this jar (another build),
                                    with --baseline-config if given, else --proxy-config
              --baseline-jvm-arg ARG
                                    compare against a second proxy process with these JVM options
                                    instead of the --proxy-jvm-arg ones (e.g. another collector),
                                    repeatable
              --upstream demo|everything
                                    demo (default): DemoUpstream in the benchmark's JVM, tool lookup_customer;
                                    everything: server-everything (npm, pinned) in a node process, tool echo
              --upstream-url URL    benchmark against this upstream instead (give --tool and --arguments)
              --tool NAME           the tool to call (default: the upstream's, see --upstream)
              --arguments JSON      its arguments (default: the upstream's)
              --concurrency N       workers in the throughput phase (default 16)
              --rounds N            measured rounds per target and phase, alternating (default 4; 0 = cold start only)
              --round-seconds N     length of one round (default 5)
              --warmup-seconds N    warm-up per target before measuring (default 10)
              --cold-starts N       proxy cold starts to time (default 5; 0 = none)
              --launch FILE         launch the proxy with this command instead (one argument per line, the
                                    proxy's own arguments follow), e.g. the image's entrypoint on the image's
                                    unpacked files; repeatable: cold starts alternate over the launches,
                                    the load phases use the first""";

    static BenchmarkOptions parse(String[] args) {
        Path jar = defaultJar();
        String proxyMain = null;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> jvmArgs = new ArrayList<>();
        Path proxyConfig = null;
        Path baselineConfig = null;
        Path baselineJar = null;
        List<String> baselineJvmArgs = new ArrayList<>();
        Upstream upstream = Upstream.DEMO;
        URI upstreamUrl = null;
        String tool = null;
        String arguments = null;
        int concurrency = 16;
        int rounds = 4;
        int roundSeconds = 5;
        int warmupSeconds = 10;
        int coldStarts = 5;
        List<Path> launchFiles = new ArrayList<>();
        List<String> rest = Arrays.asList(args);
        for (int i = 0; i < rest.size(); i += 2) {
            String option = rest.get(i);
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = rest.get(i + 1);
            switch (option) {
                case "--jar" -> jar = Path.of(value);
                case "--proxy-main" -> proxyMain = value;
                case "--java" -> java = value;
                case "--proxy-jvm-arg" -> jvmArgs.add(value);
                case "--proxy-config" -> proxyConfig = Path.of(value);
                case "--baseline-config" -> baselineConfig = Path.of(value);
                case "--baseline-jar" -> baselineJar = Path.of(value);
                case "--baseline-jvm-arg" -> baselineJvmArgs.add(value);
                case "--upstream" -> upstream = upstream(value);
                case "--upstream-url" -> upstreamUrl = URI.create(value);
                case "--tool" -> tool = value;
                case "--arguments" -> arguments = value;
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--round-seconds" -> roundSeconds = Integer.parseInt(value);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
                case "--cold-starts" -> coldStarts = Integer.parseInt(value);
                case "--launch" -> launchFiles.add(Path.of(value));
                default -> throw new IllegalArgumentException("Unknown option " + option + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(jar, proxyMain, java, List.copyOf(jvmArgs), proxyConfig, baselineConfig, baselineJar,
                List.copyOf(baselineJvmArgs), upstream,
                upstreamUrl,
                tool == null ? upstream.tool : tool, arguments == null ? upstream.arguments : arguments, concurrency, rounds,
                Duration.ofSeconds(roundSeconds), Duration.ofSeconds(warmupSeconds), coldStarts,
                List.copyOf(launchFiles));
    }

    private static Upstream upstream(String name) {
        for (Upstream upstream : Upstream.values()) {
            if (upstream.name().equalsIgnoreCase(name)) {
                return upstream;
            }
        }
        throw new IllegalArgumentException("--upstream must be demo or everything, not '" + name + "'\n" + USAGE);
    }

    /** A named way to launch the proxy, up to its own arguments. */
    record Launch(String name, List<String> command) {

        /** The same java with the same JVM options running {@code -version}; an AOT cache is left out (it needs the class path). */
        List<String> jvmBaseline() {
            List<String> baseline = new ArrayList<>();
            for (String part : command) {
                if (part.equals("-cp") || part.equals("-jar")) {
                    break;
                }
                if (!part.startsWith("-XX:AOTCache")) {
                    baseline.add(part);
                }
            }
            baseline.add("-version");
            return baseline;
        }
    }

    /** The launches to compare: the {@code --launch} files, else the jar or main class with {@link #proxyLaunch}. */
    List<Launch> launches() {
        if (launchFiles.isEmpty()) {
            return List.of(new Launch(proxyMain == null ? jar.toString() : proxyMain, proxyLaunch()));
        }
        List<Launch> launches = new ArrayList<>();
        for (Path file : launchFiles) {
            try {
                List<String> command = new ArrayList<>(Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList());
                if (proxyConfig != null) {
                    command.addAll(List.of("--config", proxyConfig.toString()));
                }
                launches.add(new Launch(file.getFileName().toString(), List.copyOf(command)));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--launch " + file + ": " + e.getMessage(), e);
            }
        }
        return launches;
    }

    /** How the proxy process is launched, up to its own arguments. */
    List<String> proxyLaunch() {
        return proxyLaunch(proxyJvmArgs, jar, proxyConfig);
    }

    /** Whether the rows named direct are a second proxy (any of the {@code --baseline-*} options). */
    boolean hasBaseline() {
        return baselineConfig != null || baselineJar != null || !baselineJvmArgs.isEmpty();
    }

    /** How the baseline proxy process is launched. */
    List<String> baselineLaunch() {
        return proxyLaunch(baselineJvmArgs.isEmpty() ? proxyJvmArgs : baselineJvmArgs,
                baselineJar == null ? jar : baselineJar, baselineConfig == null ? proxyConfig : baselineConfig);
    }

    /** What the baseline proxy is, for the report. */
    String baselineName() {
        return (baselineJar == null ? "" : baselineJar + " ") + (baselineConfig == null ? "" : "with " + baselineConfig)
                + (baselineJvmArgs.isEmpty() ? "" : " JVM options " + baselineJvmArgs);
    }

    private List<String> proxyLaunch(List<String> jvmArgs, Path jar, Path config) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        if (proxyMain == null) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), proxyMain));
        }
        if (config != null) {
            command.addAll(List.of("--config", config.toString()));
        }
        return command;
    }

    /** Works from the repository root (exec:java) and from proxy-app/. */
    private static Path defaultJar() {
        Path fromRoot = Path.of("proxy-app", "target", "proxy-app.jar");
        return Files.exists(fromRoot) ? fromRoot : Path.of("target", "proxy-app.jar");
    }
}
