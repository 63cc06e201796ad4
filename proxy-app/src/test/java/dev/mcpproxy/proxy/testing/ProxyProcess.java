package dev.mcpproxy.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The proxy as a user runs it, in its own process ({@code java -jar proxy-app.jar …} or
 * {@link #classPathLaunch()}), started and awaited until a probe through it succeeds.
 */
public final class ProxyProcess implements AutoCloseable {
    /** Whether the proxy at an endpoint serves yet; an I/O failure means not yet. */
    public interface Probe {
        boolean ready(URI endpoint) throws InterruptedException;
    }

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    private final Process process;
    private final URI endpoint;
    private final ColdStart coldStart;

    private ProxyProcess(Process process, URI endpoint, ColdStart coldStart) {
        this.process = process;
        this.endpoint = endpoint;
        this.coldStart = coldStart;
    }

    /**
     * Process start to the first successful probe, and its steps as the proxy's log shows them: to
     * its first log line (JVM start, class loading, configuration read and validated), to its last
     * upstream's "is ready" line (assembly and discovery), and the rest (listener start and the
     * first request). A step the log does not show is null.
     */
    public record ColdStart(Duration total, Duration firstLogLine, Duration upstreamsReady) {
    }

    /**
     * Starts {@code launch} with {@code --port} of a free port (plus {@code arguments} and
     * {@code environment}) and returns once {@code ready} succeeded; the time from process start
     * to that moment is the cold start.
     */
    public static ProxyProcess start(List<String> launch, List<String> arguments, Map<String, String> environment,
                                     Path log, Duration timeout, Probe ready) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>(launch);
        command.addAll(arguments);
        command.addAll(List.of("--port", Integer.toString(port)));
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/mcp");
        long startedMillis = System.currentTimeMillis();
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("The proxy exited with " + process.exitValue() + " before it served; see " + log);
            }
            if (ready.ready(endpoint)) {
                Duration total = Duration.ofNanos(System.nanoTime() - started);
                return new ProxyProcess(process, endpoint, steps(log, startedMillis, total));
            }
            Thread.sleep(5);
        }
        stop(process);
        throw new IOException("The proxy did not serve within " + timeout + "; see " + log);
    }

    /**
     * {@code java -cp … Main} with this JVM's class path minus the test classes (so logging is the
     * shipped one): the proxy as built, before the jar is packaged.
     */
    public static List<String> classPathLaunch() {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                "dev.mcpproxy.proxy.Main");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** CPU time the proxy process has used so far (user and system). */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("This OS does not report the CPU time of a process"));
    }

    /**
     * Times the proxy's threads have stopped to wait so far (voluntary context switches of its
     * live threads, from Linux's /proc): each wait ends in a wake-up, so per call this counts the
     * hand-offs between threads a call costs.
     */
    public long waits() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path thread : threads) {
                try {
                    for (String line : Files.readAllLines(thread.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                } catch (NoSuchFileException ended) {
                    // The thread ended while we read: its waits are gone with it.
                }
            }
        }
        return total;
    }

    public ColdStart coldStart() {
        return coldStart;
    }

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
    public long memoryKiB(String field) throws IOException {
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
