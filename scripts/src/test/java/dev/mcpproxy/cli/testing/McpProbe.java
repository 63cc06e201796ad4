package dev.mcpproxy.cli.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.mcp.HttpTransport;
import dev.mcpproxy.cli.mcp.McpClientSession;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Talks MCP to a proxy started on this machine. */
public final class McpProbe {

    private McpProbe() {}

    /** The proxy jar the proxy-app module builds (the reactor builds it before this module). */
    public static Path proxyJar() {
        return Path.of(System.getProperty("proxyAppJar", "../proxy-app/target/proxy-app.jar"));
    }

    public static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits (bounded, not timed) for the proxy on {@code port} to answer {@code initialize}, then
     * returns its {@code tools/list} result.
     */
    public static ObjectNode toolsList(int port, BooleanSupplier stillRunning) throws InterruptedException {
        return toolsList(port, stillRunning, java.time.Duration.ofSeconds(60));
    }

    /** As {@link #toolsList(int, BooleanSupplier)}, waiting up to {@code patience} (an emulated JVM needs minutes). */
    public static ObjectNode toolsList(int port, BooleanSupplier stillRunning, java.time.Duration patience)
            throws InterruptedException {
        McpClientSession session = new McpClientSession(new HttpTransport(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + port + "/mcp"), Optional.empty()));
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                session.initialize();
                return session.request("tools/list", new ObjectMapper().createObjectNode());
            } catch (CliException notListeningYet) {
                if (!stillRunning.getAsBoolean()) {
                    throw new AssertionError("the proxy exited before it answered");
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the proxy never answered initialize on port " + port);
    }
}
