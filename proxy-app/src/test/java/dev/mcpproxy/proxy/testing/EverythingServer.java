package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
            throw new UncheckedIOException("cannot start node (Node.js 20+ must be on the PATH)", e);
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
        return NpmPackages.install("server-everything", Map.of(PACKAGE, VERSION)).resolve("node_modules")
                .resolve(PACKAGE).resolve("dist").resolve("index.js");
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
