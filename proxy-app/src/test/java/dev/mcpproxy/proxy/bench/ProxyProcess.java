package dev.mcpproxy.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The proxy as a user runs it: {@code java -jar proxy-app.jar --upstream NAME=URL --port N} in its
 * own process, so the benchmark depends on nothing but the command line.
 */
final class ProxyProcess implements AutoCloseable {
    private final Process process;
    private final URI endpoint;
    private final long readyNanos;

    private ProxyProcess(Process process, URI endpoint, long readyNanos) {
        this.process = process;
        this.endpoint = endpoint;
        this.readyNanos = readyNanos;
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
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (HttpClient http = McpBenchClient.newHttpClient()) {
            long deadline = started + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("The proxy exited with " + process.exitValue() + " before it served; see " + log);
                }
                if (toolsListSucceeds(http, endpoint)) {
                    return new ProxyProcess(process, endpoint, System.nanoTime() - started);
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

    /** Process start to the first successful {@code tools/list}. */
    Duration coldStart() {
        return Duration.ofNanos(readyNanos);
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
