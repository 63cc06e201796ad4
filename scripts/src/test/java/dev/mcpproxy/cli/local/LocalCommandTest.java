package dev.mcpproxy.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.McpProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local} starts the real proxy jar (built by the proxy-app module) and it answers tools/list. */
class LocalCommandTest {

    @TempDir
    Path dir;

    @Test
    void theLocalDemoProxyAnswersToolsList() throws Exception {
        Path jar = McpProbe.proxyJar();
        assumeTrue(Files.isRegularFile(jar), "the proxy jar is built by the proxy-app module first: " + jar);
        int port = McpProbe.freePort();
        CliRun cli = new CliRun(dir);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread local = new Thread(() -> exit.set(cli.run("local", "--jar", jar.toString(), "--port", String.valueOf(port)).exitCode()));
        local.start();
        try {
            ObjectNode tools = McpProbe.toolsList(port, local::isAlive);

            assertThat(tools.path("tools").size()).isPositive();
            assertThat(tools.path("tools").get(0).path("inputSchema").path("type").asText()).isEqualTo("object");
        } finally {
            local.interrupt();
            local.join();
        }
        assertThat(exit.get()).isZero();
    }
}
