package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy as a user runs it: {@code java -jar proxy-app.jar --upstream NAME=URL --port N} in its
 * own process, so the benchmark depends on nothing but the command line.
 */
final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final ColdStart coldStart;

    private ProxyProcess(Process process, URI endpoint, ColdStart coldStart) {
        this.process = process;
        this.endpoint = endpoint;
        this.coldStart = coldStart;
    }

    /**
     * Process start to the first successful {@code tools/list}, and its steps as the proxy's log
     * shows them: to its first log line (JVM start, class loading, configuration read and
     * validated), to its last upstream's "is ready" line (assembly and discovery), and the rest
     * (listener start and the first request). A step the log does not show is null.
     */
    record ColdStart(Duration total, Duration firstLogLine, Duration upstreamsReady) {
    }

    /**
     * Starts the proxy and returns once a {@code tools/list} through it succeeded; the time from
     * process start to that moment is the cold start.
     */
    static ProxyProcess start(List<String> launch, URI upstream, Path log, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("--upstream", "bench=" + upstream, "--port", Integer.toString(port)));
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (HttpClient http = McpBenchClient.newHttpClient()) {
            long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("The proxy exited with " + process.exitValue() + " before it served; see " + log);
                }
                if (toolsListSucceeds(http, endpoint)) {
                    Duration total = Duration.ofNanos(System.nanoTime() - started);
                    return new ProxyProcess(process, endpoint, steps(log, startedMillis, total));
                }
                Thread.sleep(5);
            }
        }
        stop(process);
        throw new IOException("The proxy did not serve tools/list within " + timeout + "; see " + log);
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

    URI endpoint() {
        return endpoint;
    }

    /** CPU time the proxy process has used so far (user and system). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("This OS does not report the CPU time of a process"));
    }

    ColdStart coldStart() {
        return coldStart;
    }

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    private static ColdStart steps(Path log, long startedMillis, Duration total) throws IOException {
        Long first = null;
        Long ready = null;
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = TIMESTAMP.matcher(line);
            if (matcher.find()) {
                long at = Long.parseLong(matcher.group(1)) - startedMillis;
                first = first == null ? at : first;
                if (line.contains(" is ready: ")) {
                    ready = at;
                }
            }
        }
        return new ColdStart(total, first == null ? null : Duration.ofMillis(first), ready == null ? null : Duration.ofMillis(ready));
    }

    /** A memory figure of the proxy process from Linux's /proc status, in KiB: VmRSS (resident now) or VmHWM (its peak). */
    long memoryKiB(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " for the proxy process");
    }

    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
