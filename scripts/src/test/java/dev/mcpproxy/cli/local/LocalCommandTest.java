package dev.mcpproxy.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.mcp.HttpTransport;
import dev.mcpproxy.cli.mcp.McpClientSession;
import dev.mcpproxy.cli.testing.CliRun;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local} starts the real proxy jar (built by the proxy-app module) and it answers tools/list. */
class LocalCommandTest {

    @TempDir
    Path dir;

    @Test
    void theLocalDemoProxyAnswersToolsList() throws Exception {
        Path jar = Path.of(System.getProperty("proxyAppJar", "../proxy-app/target/proxy-app.jar"));
        assumeTrue(Files.isRegularFile(jar), "the proxy jar is built by the proxy-app module first: " + jar);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun cli = new CliRun(dir);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread local = new Thread(() -> exit.set(cli.run("local", "--jar", jar.toString(), "--port", String.valueOf(port)).exitCode()));
        local.start();
        try {
            McpClientSession session = new McpClientSession(new HttpTransport(HttpClient.newHttpClient(),
                    URI.create("http://127.0.0.1:" + port + "/mcp"), Optional.empty()));
            awaitInitialize(session, local);

            ObjectNode tools = session.request("tools/list", new ObjectMapper().createObjectNode());

            assertThat(tools.path("tools").size()).isPositive();
            assertThat(tools.path("tools").get(0).path("inputSchema").path("type").asText()).isEqualTo("object");
        } finally {
            local.interrupt();
            local.join();
        }
        assertThat(exit.get()).isZero();
    }

    /** The JVM takes a moment to start: retry while the port refuses connections (bounded, not timed). */
    private static void awaitInitialize(McpClientSession session, Thread local) throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            try {
                session.initialize();
                return;
            } catch (CliException notListeningYet) {
                assertThat(local.isAlive()).as("the local proxy exited early").isTrue();
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the local proxy never answered initialize");
    }
}
