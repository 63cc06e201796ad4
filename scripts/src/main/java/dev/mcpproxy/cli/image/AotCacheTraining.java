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
 * first requests, then stops on SIGTERM, when the JVM writes the cache.
 *
 * <p>A cache only works with the JVM build that made it, so this needs the base image's JVM to run
 * on this machine: a base image of the build host's architecture with a JDK 25 or newer.
 */
final class AotCacheTraining {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DUMP_TIMEOUT = Duration.ofSeconds(180);
    private static final int CALLS = 50;
    private static final String PROTOCOL = ProtocolVersions.LATEST_LEGACY;

    private final ImageFileSystem image;
    private final Path workDir;

    AotCacheTraining(ImageFileSystem image, Path workDir) {
        this.image = image;
        this.workDir = workDir;
    }

    /** @return the cache file */
    Path train() throws IOException, InterruptedException {
        Path cache = workDir.resolve("proxy.aot");
        Files.deleteIfExists(cache);
        int port = freePort();
        List<String> command = new ArrayList<>(image.onHost(ProxyImageBuilder.entrypoint(false)));
        command.add(1, "-XX:AOTCacheOutput=" + cache);
        command.addAll(List.of("--demo", "--port", String.valueOf(port)));
        Path log = workDir.resolve("training.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith(EnvironmentVariables.PREFIX) || name.equals("JAVA_TOOL_OPTIONS")
                || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        Process proxy = builder.start();
        try {
            exercise(proxy, URI.create("http://127.0.0.1:" + port + ProxyContainer.MCP_PATH), log);
            proxy.destroy();
            if (!proxy.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("the training run did not write the cache within " + DUMP_TIMEOUT.toSeconds() + " s; see " + log);
            }
        } finally {
            if (proxy.isAlive()) {
                proxy.destroyForcibly().waitFor();
            }
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IOException("the JVM wrote no cache (" + lastLine(log) + "); see " + log);
        }
        return cache;
    }

    private static void exercise(Process proxy, URI endpoint, Path log) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            HttpResponse<String> initialized = null;
            while (initialized == null) {
                if (!proxy.isAlive()) {
                    if (Files.readString(log).contains("Unrecognized VM option 'AOTCacheOutput")) {
                        throw new IOException("the base image's JVM is older than JDK 25 (it has no -XX:AOTCacheOutput)");
                    }
                    throw new IOException("the training run exited with " + proxy.exitValue() + " (" + lastLine(log) + "); see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the training run did not answer within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
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
