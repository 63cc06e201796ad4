package dev.mcpproxy.proxy.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The reference MCP server {@code @modelcontextprotocol/server-everything}, pinned, run as a Node
 * process in {@code streamableHttp} mode (stateful sessions) on a free port. The package is
 * npm-installed into {@code proxy-app/target/server-everything} once and reused.
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

    private final NodeServerProcess process;

    private EverythingServer(NodeServerProcess process) {
        this.process = process;
    }

    /** Installs the package when needed and starts it on a free port; returns once it listens. */
    public static EverythingServer start() {
        Path packageDir = NpmPackages.install("server-everything", Map.of(PACKAGE, VERSION)).resolve("node_modules")
                .resolve(PACKAGE);
        int port = NodeServerProcess.freePort();
        Path log = NpmPackages.buildDirectory().resolve("server-everything-" + port + ".log");
        EverythingServer server = new EverythingServer(new NodeServerProcess("server-everything",
                packageDir.resolve("dist").resolve("index.js"), List.of("streamableHttp"), port, log));
        server.restart();
        return server;
    }

    /** {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/mcp";
    }

    public int port() {
        return process.port();
    }

    /** The running node process (for benchmarks that account for its CPU time). */
    public ProcessHandle process() {
        return process.handle();
    }

    /** Kills the process; the port stops answering (connection refused). */
    public void stop() {
        process.stop();
    }

    /** Starts the process again on the same port (a fresh server: every earlier session is unknown). */
    public void restart() {
        process.start();
    }

    @Override
    public void close() {
        stop();
    }
}
