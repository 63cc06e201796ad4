package dev.mcpproxy.proxy.bench;

import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory and {@code ping} latency of the proxy while 50 clients send worst-case 4 MiB bodies
 * (one JSON array of empty objects, the most tree per byte) for a bounded time, with a valid
 * bearer token and with a forged one, for each given build of the proxy jar in the same run.
 * The proxy runs as its own process with the image's JVM flags, identity {@code jwt} against a
 * mock-oauth2-server in this JVM, on loopback only.
 *
 * <pre>
 * java -cp CP dev.mcpproxy.proxy.bench.HostileBodyBenchmark before=/tmp/i20-before/proxy-app/target/proxy-app.jar \
 *     after=proxy-app/target/proxy-app.jar [--seconds 20] [--concurrency 50] [--rss-cap-mb 10240] \
 *     [--jvm-arg -XX:MaxRAM=2g]   (added to the image's flags, e.g. to model a container's memory)
 * </pre>
 */
public final class HostileBodyBenchmark {
    /** As the image runs the proxy (scripts: ProxyImageBuilder.JVM_FLAGS). */
    private static final List<String> IMAGE_JVM_FLAGS = List.of("-XX:InitialRAMPercentage=50",
            "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    private static final int BODY_LIMIT = 4 * 1024 * 1024;

    private record Build(String name, Path jar) {
    }

    private record Result(String build, String caller, long idleRssMb, long peakRssMb, long sent,
                          Map<Integer, Long> statuses, LatencySummary ping, long pingsOver1s, boolean alive) {
    }

    private HostileBodyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Build> builds = new ArrayList<>();
        int seconds = 20;
        int concurrency = 50;
        long rssCapMb = 10_240;
        List<String> jvmFlags = new ArrayList<>(IMAGE_JVM_FLAGS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rss-cap-mb" -> rssCapMb = Long.parseLong(args[++i]);
                case "--jvm-arg" -> jvmFlags.add(args[++i]);
                default -> {
                    String[] build = args[i].split("=", 2);
                    builds.add(new Build(build[0], Path.of(build[1])));
                }
            }
        }
        byte[] body = worstCaseBody();
        MockOAuth2Server oauth = new MockOAuth2Server();
        oauth.start();
        List<Result> results = new ArrayList<>();
        try {
            String token = oauth.issueToken("idp", "agent", new DefaultOAuth2TokenCallback("idp", "bench",
                    JOSEObjectType.JWT.getType(), null, Map.of("client_id", "agent"), 3600)).serialize();
            for (String caller : List.of("authenticated", "unauthenticated")) {
                for (Build build : builds) {
                    String bearer = caller.equals("authenticated") ? token : token.substring(0, token.length() - 4) + "AAAA";
                    results.add(run(build, caller, oauth, token, bearer, body, seconds, concurrency, rssCapMb,
                            jvmFlags));
                }
            }
        } finally {
            oauth.shutdown();
        }
        System.out.println();
        System.out.printf("%d clients, worst-case body of %d bytes (%s), %d s per row, JVM flags %s%n", concurrency,
                body.length, "[{},{},...] in ping params", seconds, jvmFlags);
        System.out.println("| Build | Caller | RSS idle | RSS peak | bodies sent | answers by status | ping p50 | ping p99 | ping max | pings > 1 s | alive at end |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %s | %d MB | %d MB | %d | %s | %.1f ms | %.1f ms | %.1f ms | %d of %d | %s |%n",
                    r.build(), r.caller(), r.idleRssMb(), r.peakRssMb(), r.sent(), r.statuses(),
                    r.ping().p50Ms(), r.ping().p99Ms(), r.ping().maxMs(), r.pingsOver1s(), r.ping().count(),
                    r.alive() ? "yes" : "no");
        }
    }

    /** A ping whose params hold as many empty objects as fit in the default request limit. */
    static byte[] worstCaseBody() {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"padding\":[";
        String tail = "{}]}}";
        StringBuilder text = new StringBuilder(BODY_LIMIT).append(head);
        while (text.length() + 3 + tail.length() <= BODY_LIMIT) {
            text.append("{},");
        }
        return text.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static Result run(Build build, String caller, MockOAuth2Server oauth, String token, String bearer,
                              byte[] body, int seconds, int concurrency, long rssCapMb, List<String> jvmFlags)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = Files.createTempFile("hostile-bench", ".yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                identity:
                  mode: jwt
                  discoveryUrl: %s
                  clientIds: [agent]
                """.formatted(oauth.wellKnownUrl("idp")));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", build.jar().toString(), "--config", config.toString(), "--demo",
                "--port", Integer.toString(port)));
        Path log = Files.createTempFile("hostile-bench-" + build.name(), ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        HttpClient http = McpBenchClient.newHttpClient();
        try {
            awaitPing(http, endpoint, token, process);
            Thread.sleep(1000);
            long idle = rssMb(process.pid(), "VmRSS");
            AtomicLong peak = new AtomicLong(idle);
            AtomicLong sent = new AtomicLong();
            Map<Integer, Long> statuses = new ConcurrentHashMap<>();
            List<Long> pings = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < concurrency; c++) {
                    clients.submit(() -> {
                        while (System.nanoTime() < end && process.isAlive()) {
                            int status = send(http, endpoint, bearer, body);
                            sent.incrementAndGet();
                            statuses.merge(status, 1L, Long::sum);
                        }
                        return null;
                    });
                }
                clients.submit(() -> {
                    while (System.nanoTime() < end && process.isAlive()) {
                        long started = System.nanoTime();
                        send(http, endpoint, token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"
                                .getBytes(StandardCharsets.US_ASCII));
                        pings.add(System.nanoTime() - started);
                        Thread.sleep(200);
                    }
                    return null;
                });
                while (System.nanoTime() < end && process.isAlive()) {
                    if (peak.accumulateAndGet(rssMb(process.pid(), "VmRSS"), Math::max) > rssCapMb) {
                        // The build machine is shared: a proxy past the cap is stopped, and the row says so.
                        process.destroyForcibly();
                    }
                    Thread.sleep(100);
                }
            }
            if (process.isAlive()) {
                peak.accumulateAndGet(rssMb(process.pid(), "VmHWM"), Math::max);
            }
            long[] latencies = pings.stream().mapToLong(Long::longValue).toArray();
            return new Result(build.name(), caller, idle, peak.get(), sent.get(), new TreeMap<>(statuses),
                    LatencySummary.of(List.of(latencies)), Arrays.stream(latencies).filter(n -> n > 1_000_000_000L).count(),
                    process.isAlive());
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            http.close();
            Files.deleteIfExists(config);
        }
    }

    private static int send(HttpClient http, URI endpoint, String bearer, byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    private static void awaitPing(HttpClient http, URI endpoint, String token, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        byte[] ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the proxy exited with " + process.exitValue());
            }
            if (send(http, endpoint, token, ping) == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the proxy did not answer ping within 60 s");
    }

    /** A field of /proc/PID/status in MB (Linux). */
    private static long rssMb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return 0;
    }
}
