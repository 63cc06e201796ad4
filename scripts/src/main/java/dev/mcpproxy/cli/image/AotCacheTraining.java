package dev.mcpproxy.cli.image;

import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.contracts.ProxyContainer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the JDK 25 AOT cache (JEP 483/514/515) the image's entrypoint loads: a training run of the
 * proxy on the base image's own JVM, with the image's JVM flags and the image's jars, serving its
 * embedded demo upstream. The run answers initialize, tools/list and tools/call like an agent's
 * first requests and stops on SIGTERM, when the JVM writes what it saw ({@code -XX:AOTMode=record});
 * a second run of the same JVM with the same flags and files assembles the cache from that
 * ({@code -XX:AOTMode=create}). That is what {@code -XX:AOTCacheOutput} does in one command, but
 * there the JVM starts the second run itself, which an emulated JVM cannot: its child process would
 * be an arm64 executable the host kernel does not run.
 *
 * <p>A cache only works with the JVM build that made it, so this runs the base image's JVM: on
 * this machine, or under an emulator ({@link Arm64Emulator}) when the image's architecture is not
 * this machine's. An emulated JVM is many times slower, hence its longer timeouts.
 */
final class AotCacheTraining {

    private static final int CALLS = 50;
    /** What the training run does, part of what a reused cache must match. */
    static final String WORKLOAD = "demo upstream; initialize, " + CALLS + " x (tools/list, tools/call lookup_customer)";
    private static final String PROTOCOL = ProtocolVersions.LATEST_LEGACY;

    private final ImageFileSystem image;
    private final Path workDir;
    private final List<String> launcher;
    private final Duration timeout;

    /**
     * @param launcher what runs the image's {@code java}: nothing on a machine of the image's
     *     architecture, else the emulator's command ({@link Arm64Emulator#command})
     */
    AotCacheTraining(ImageFileSystem image, Path workDir, List<String> launcher) {
        this.image = image;
        this.workDir = workDir;
        this.launcher = List.copyOf(launcher);
        this.timeout = Duration.ofSeconds(launcher.isEmpty() ? 180 : 900);
    }

    /** @return the cache file */
    Path train() throws IOException, InterruptedException {
        Path configuration = workDir.resolve("proxy.aotconf");
        Path cache = workDir.resolve("proxy.aot");
        Files.deleteIfExists(configuration);
        Files.deleteIfExists(cache);
        int port = freePort();
        Path log = workDir.resolve("training.log");
        Process proxy = start(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration),
                List.of("--demo", "--port", String.valueOf(port)), log);
        try {
            exercise(proxy, URI.create("http://127.0.0.1:" + port + ProxyContainer.MCP_PATH), log);
            proxy.destroy();
            awaitExit(proxy, log, "write what it recorded");
        } finally {
            if (proxy.isAlive()) {
                proxy.destroyForcibly().waitFor();
            }
        }
        if (!Files.isRegularFile(configuration) || Files.size(configuration) == 0) {
            throw new IOException("the training run recorded nothing (" + lastLine(log) + "); see " + log);
        }
        Path createLog = workDir.resolve("training-create.log");
        Process create = start(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + cache), List.of(), createLog);
        try {
            awaitExit(create, createLog, "assemble the cache");
        } finally {
            if (create.isAlive()) {
                create.destroyForcibly().waitFor();
            }
        }
        if (create.exitValue() != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IOException("the JVM wrote no cache (" + lastLine(createLog) + "); see " + createLog);
        }
        Files.delete(configuration);
        return cache;
    }

    /** The image's entrypoint on the unpacked image, with {@code aotFlags} after {@code java}. */
    private Process start(List<String> aotFlags, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        List<String> entrypoint = image.onHost(ProxyImageBuilder.entrypoint(false));
        command.add(entrypoint.get(0));
        command.addAll(aotFlags);
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith(EnvironmentVariables.PREFIX) || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS") || name.startsWith("QEMU_"));
        return builder.start();
    }

    private void awaitExit(Process process, Path log, String what) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            throw new IOException("the JVM did not " + what + " within " + timeout.toSeconds() + " s; see " + log);
        }
    }

    private void exercise(Process proxy, URI endpoint, Path log) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            HttpResponse<String> initialized = null;
            while (initialized == null) {
                if (!proxy.isAlive()) {
                    if (Files.readString(log).contains("Unrecognized VM option 'AOTMode")) {
                        throw new IOException("the base image's JVM is older than JDK 24 (it has no -XX:AOTMode)");
                    }
                    throw new IOException("the training run exited with " + proxy.exitValue() + " (" + lastLine(log) + "); see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the training run did not answer within " + timeout.toSeconds() + " s; see " + log);
                }
                try {
                    initialized = post(http, endpoint, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                            + "{\"protocolVersion\":\"" + PROTOCOL + "\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"aot-training\",\"version\":\"1\"}}}");
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            String session = initialized.headers().firstValue("Mcp-Session-Id").orElse(null);
            post(http, endpoint, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            for (int i = 1; i <= CALLS; i++) {
                post(http, endpoint, session, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}");
                post(http, endpoint, session, "{\"jsonrpc\":\"2.0\",\"id\":\"c" + i + "\",\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"lookup_customer\",\"arguments\":{\"customerId\":\"C-000" + (i % 10) + "\"}}}");
            }
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String session, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Protocol-Version", PROTOCOL)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return response;
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "no output";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
