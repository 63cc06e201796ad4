package dev.mcpproxy.proxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The TypeScript SDK 2.x ({@code @modelcontextprotocol/client} and {@code /server}, pinned in the
 * parent POM as {@code mcp-typescript-sdk.version}), npm-installed into
 * {@code proxy-app/target/ts-sdk}, and the Node scripts of {@code src/test/resources/node} that drive
 * it. A script runs as a Node process whose stdout lines are JSON documents.
 */
public final class TsSdkPeers {
    public static final String VERSION = System.getProperty("mcp-typescript-sdk.version", "2.4.0");
    private static final List<String> SCRIPTS = List.of("ts-sdk-client.mjs", "ts-sdk-server.mjs", "node-http.mjs",
            "conformance-server.mjs");

    private TsSdkPeers() {
    }

    /** Installs the SDK when needed and starts {@code script} with {@code args}. */
    public static NodeProcess run(String script, String... args) {
        Path prefix = NpmPackages.install("ts-sdk", Map.of("@modelcontextprotocol/client", VERSION,
                "@modelcontextprotocol/server", VERSION));
        try {
            for (String name : SCRIPTS) {
                // Next to node_modules, so that the scripts' imports resolve to the pinned packages.
                try (InputStream source = Objects.requireNonNull(TsSdkPeers.class.getResourceAsStream("/node/" + name),
                        name)) {
                    Files.copy(source, prefix.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<String> command = new ArrayList<>(List.of("node", prefix.resolve(script).toString()));
            command.addAll(List.of(args));
            Path stderr = prefix.resolve(script + "-" + ProcessHandle.current().pid() + ".err.log");
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                    .start();
            return new NodeProcess(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node.js 20+ must be on the PATH)", e);
        }
    }

    /** A running script: its stdout read line by line. */
    public static final class NodeProcess implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final BufferedReader stdout;

        private NodeProcess(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The next stdout line; fails naming the stderr log when the script ends or stays silent. */
        public String nextLine(long seconds) throws Exception {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            try {
                String text = line.get(seconds, TimeUnit.SECONDS);
                if (text == null) {
                    throw new IllegalStateException("the Node script ended without output; see " + stderr);
                }
                return text;
            } catch (TimeoutException e) {
                process.destroyForcibly();
                throw new IllegalStateException("the Node script printed nothing within " + seconds + " s; see "
                        + stderr, e);
            }
        }

        /**
         * For a server script, whose first line announces its port ({@code {"port":N}}): its base
         * URL on the loopback address, without a path.
         */
        public String announcedBase(long seconds) throws Exception {
            String line = nextLine(seconds);
            JsonNode port = new ObjectMapper().readTree(line).get("port");
            if (port == null || !port.canConvertToInt()) {
                throw new IllegalStateException("the Node script announced no port: " + line + "; see " + stderr);
            }
            return "http://127.0.0.1:" + port.asInt();
        }

        /** Waits for the script to end; its exit code. */
        public int await(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the Node script did not end within " + seconds + " s; see " + stderr);
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
