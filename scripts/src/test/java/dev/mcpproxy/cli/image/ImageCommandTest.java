package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesATarballAndPrintsItsDigest() throws Exception {
        CliRun cli = new CliRun(dir);
        Path jar = TestImages.proxyJar(dir.resolve("proxy-app.jar"), "v1");
        String base = TestImages.tarBase(Files.createDirectories(dir.resolve("base")));
        Path tar = dir.resolve("out/mcp-proxy.tar");
        Files.createDirectories(tar.getParent());

        Result result = cli.run("image", "--jar", jar.toString(), "--base-image", base, "--platform", "linux/amd64",
                "--tar", tar.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).matches("sha256:[0-9a-f]{64}");
        assertThat(tar).isRegularFile();
        assertThat(result.err()).contains("Building the proxy image for [linux/amd64]");
    }

    @Test
    void needsExactlyOneDestination() throws Exception {
        Result result = new CliRun(dir).run("image");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required argument", "--tar", "--to");
    }

    @Test
    void rejectsAMalformedPlatform() throws Exception {
        Result result = new CliRun(dir).run("image", "--platform", "arm64", "--tar", dir.resolve("x.tar").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("platform 'arm64' is not of the form os/architecture");
    }

    @Test
    void rejectsAnArm64EmulatorThatIsNotAnExecutable() throws Exception {
        Path missing = dir.resolve("no-such-qemu");

        Result result = new CliRun(dir).run("image", "--arm64-emulator", missing.toString(), "--tar",
                dir.resolve("x.tar").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--arm64-emulator (or MCP_PROXY_ARM64_EMULATOR): " + missing
                + " is not an executable file; install qemu-user-static");
    }
}
