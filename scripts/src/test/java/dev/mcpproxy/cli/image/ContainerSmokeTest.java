package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.testing.LocalJreBase;
import dev.mcpproxy.cli.testing.McpProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the linux/amd64 image in a real container (podman with runc) and calls tools/list through
 * it. Slow (jlink, a ~100 MB base layer): only in the {@code container-smoke} Maven profile.
 */
@Tag("container")
class ContainerSmokeTest {

    private static final String IMAGE = "localhost/mcp-proxy-smoke:test";

    @TempDir
    Path dir;

    @Test
    void theAmd64ImageAnswersToolsListInAContainer() throws Exception {
        Path jar = McpProbe.proxyJar();
        assertThat(jar).as("build proxy-app first").isRegularFile();
        assertThat(Path.of("/usr/bin/podman")).as("apt-get install podman runc").isExecutable();
        ImageSettings settings = ImageSettings.defaults("smoke", "smoke", "smoke")
                .withBaseImage(LocalJreBase.build(Files.createDirectories(dir.resolve("base"))))
                .withPlatforms(List.of(ImageSettings.AMD64));
        Path tar = dir.resolve("image.tar");
        new ProxyImageBuilder(settings, dir.resolve("cache"), line -> { }).build(jar, Optional.empty(), new ImageTarget.Tarball(tar, IMAGE));
        podman("load", "-i", tar.toString());
        int port = McpProbe.freePort();
        String container = "mcp-proxy-smoke-" + port;
        try {
            // Explicit, low ulimits: runc may not raise them to podman's defaults in a sandbox.
            podman("run", "-d", "--name", container, "--runtime=runc", "--cgroup-manager=cgroupfs", "--network=host",
                    "--ulimit", "nproc=1024:1024", "--ulimit", "nofile=4096:4096",
                    IMAGE, "--demo", "--port", String.valueOf(port));

            ObjectNode tools = McpProbe.toolsList(port, () -> isRunning(container));

            assertThat(tools.path("tools").size()).isPositive();
            assertThat(podman("inspect", "--format", "{{.Config.User}}", container).trim()).isEqualTo("1000:1000");
        } finally {
            podmanQuietly("rm", "-f", container);
            podmanQuietly("rmi", "-f", IMAGE);
        }
    }

    private static boolean isRunning(String container) {
        try {
            return podman("inspect", "--format", "{{.State.Running}}", container).trim().equals("true");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static void podmanQuietly(String... args) {
        try {
            podman(args);
        } catch (IOException | InterruptedException ignored) {
            // cleanup is best effort
        }
    }
}
