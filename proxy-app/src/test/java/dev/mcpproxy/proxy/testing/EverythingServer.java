package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference MCP server {@code @modelcontextprotocol/server-everything}, pinned, run as a Node
 * process in {@code streamableHttp} mode (stateful sessions) on a free port. The package is
 * npm-installed into {@code proxy-app/target/server-everything} once and reused; concurrent
 * test JVMs serialize the install with a file lock.
 *
 * <pre>{@code
 * try (EverythingServer server = EverythingServer.start()) {
 *     URI mcp = server.url();           // http://127.0.0.1:PORT/mcp
 *     server.stop(); server.restart();  // same port, all sessions gone
 * }
 * }</pre>
 */
public final class EverythingServer implements AutoCloseable {
    /** Pinned in the parent POM as {@code server-everything.version}; surefire passes it on. */
    public static final String VERSION = System.getProperty("server-everything.version", "2026.8.31");

    private static final String PACKAGE = "@modelcontextprotocol/server-everything";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path entryPoint;
    private final int port;
    private Process process;

    private EverythingServer(Path entryPoint, int port) {
        this.entryPoint = entryPoint;
        this.port = port;
    }

    /** Installs the package when needed and starts it on a free port; returns once it listens. */
    public static EverythingServer start() {
        EverythingServer server = new EverythingServer(install(), freePort());
        server.restart();
        return server;
    }

    /** {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public int port() {
        return port;
    }

    /** The running node process (for benchmarks that account for its CPU time). */
    public synchronized ProcessHandle process() {
        if (process == null) {
            throw new IllegalStateException("server-everything is not running");
        }
        return process.toHandle();
    }

    /** Kills the process; the port stops answering (connection refused). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the process again on the same port (a fresh server: every earlier session is unknown). */
    public synchronized void restart() {
        stop();
        Path log = entryPoint.getParent().getParent().resolve("server-everything-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of("node", entryPoint.toString(), "streamableHttp"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("PORT", Integer.toString(port));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node.js 22 or 24 must be on the PATH)", e);
        }
        awaitListening(log);
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitListening(Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server-everything exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("server-everything did not listen on port " + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** npm-installs the pinned package into the build directory unless it is there already. */
    private static Path install() {
        Path prefix = buildDirectory().resolve("server-everything");
        Path packageDir = prefix.resolve("node_modules").resolve(PACKAGE);
        Path entryPoint = packageDir.resolve("dist").resolve("index.js");
        try {
            Files.createDirectories(prefix);
            try (FileChannel channel = FileChannel.open(prefix.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(entryPoint) || !installedVersion(packageDir).equals(VERSION)) {
                    runNpmInstall(prefix);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + PACKAGE + "@" + VERSION, e);
        }
        return entryPoint;
    }

    private static String installedVersion(Path packageDir) throws IOException {
        Path manifest = packageDir.resolve("package.json");
        if (!Files.exists(manifest)) {
            return "";
        }
        String json = Files.readString(manifest);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(json);
        return version.find() ? version.group(1) : "";
    }

    private static void runNpmInstall(Path prefix) throws IOException {
        Path log = prefix.resolve("npm-install.log");
        Process npm = new ProcessBuilder(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                "--no-fund", "--no-save", PACKAGE + "@" + VERSION))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install of " + PACKAGE + "@" + VERSION + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + PACKAGE, e);
        }
    }

    /** {@code proxy-app/target}, whether the tests run from the module or from the repository root. */
    static Path buildDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        Path module = Files.exists(cwd.resolve("src/test/java/dev/mcpproxy/proxy")) ? cwd : cwd.resolve("proxy-app");
        return module.resolve("target");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
