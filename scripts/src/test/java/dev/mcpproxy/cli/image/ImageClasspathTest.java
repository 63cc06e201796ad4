package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.testing.McpProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint, with the split jars at local paths instead of /app, runs the real
 * proxy: the layer split keeps everything the proxy needs on its classpath.
 */
class ImageClasspathTest {

    @TempDir
    Path dir;

    @Test
    void theSplitJarsRunTheProxyWithTheImagesEntrypoint() throws Exception {
        Path jar = McpProbe.proxyJar();
        assumeTrue(Files.isRegularFile(jar), "the proxy jar is built by the proxy-app module first: " + jar);
        ProxyJarLayout layout = ProxyJarLayout.split(jar, dir);
        int port = McpProbe.freePort();
        List<String> command = new ArrayList<>();
        for (String part : ProxyImageBuilder.entrypoint(false)) {
            command.add(part.replace("/app/proxy-app.jar", layout.applicationJar().toString())
                    .replace("/app/lib/dependencies.jar", layout.dependenciesJar().toString()));
        }
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--demo", "--port", String.valueOf(port)));
        Process proxy = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("proxy.log").toFile()).start();
        try {
            ObjectNode tools = McpProbe.toolsList(port, proxy::isAlive);

            assertThat(tools.path("tools").size()).isPositive();
        } finally {
            proxy.destroy();
            proxy.waitFor();
        }
    }
}
