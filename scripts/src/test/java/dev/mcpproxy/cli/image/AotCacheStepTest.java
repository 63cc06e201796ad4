package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which platform's JVM makes the cache, and what the build says when none can. The training image
 * is never written here (the decision is all this tests); Arm64AotCacheImageTest trains for real.
 */
class AotCacheStepTest {

    @TempDir
    Path dir;

    private final List<String> progress = new ArrayList<>();
    private final List<Platform> trainedFor = new ArrayList<>();

    private Optional<Path> make(List<Platform> platforms, Platform host, String path) throws Exception {
        ImageSettings settings = ImageSettings.defaults("t", "t", "t").withPlatforms(platforms);
        return new AotCacheStep(settings, dir.resolve("aot"), progress::add, (platform, tarball) -> {
            trainedFor.add(platform);
            throw new IllegalStateException("no base image in this test");
        }, host, path).make();
    }

    @Test
    void anArm64ImageOnAnAmd64MachineWithoutAnEmulatorGetsNoCacheAndSaysWhatToInstall() throws Exception {
        Optional<Path> cache = make(List.of(ImageSettings.ARM64, ImageSettings.AMD64), ImageSettings.AMD64,
                dir.resolve("empty").toString());

        assertThat(cache).isEmpty();
        assertThat(trainedFor).isEmpty();
        assertThat(progress).singleElement().asString()
                .startsWith("No AOT cache: the image's linux/arm64 JVM cannot run on this linux/amd64 machine without an"
                        + " emulator, and none was found (qemu-aarch64-static, qemu-aarch64 on PATH): install qemu-user-static")
                .contains("--arm64-emulator", "MCP_PROXY_ARM64_EMULATOR");
    }

    @Test
    void theArm64JvmMakesTheCacheOfAMultiPlatformImageUnderTheEmulatorOnPath() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path qemu = Files.createFile(bin.resolve("qemu-aarch64-static"));
        qemu.toFile().setExecutable(true);

        make(List.of(ImageSettings.ARM64, ImageSettings.AMD64), ImageSettings.AMD64, bin.toString());

        assertThat(trainedFor).containsExactly(ImageSettings.ARM64);
        assertThat(progress).containsExactly("No AOT cache: no base image in this test; the image starts without one");
    }

    @Test
    void onAnArm64MachineTheArm64JvmRunsDirectly() throws Exception {
        make(List.of(ImageSettings.ARM64, ImageSettings.AMD64), ImageSettings.ARM64, dir.resolve("empty").toString());

        assertThat(trainedFor).containsExactly(ImageSettings.ARM64);
        assertThat(progress).containsExactly("No AOT cache: no base image in this test; the image starts without one");
    }

    @Test
    void anAmd64ImageGetsTheCacheOfTheAmd64MachineOnly() throws Exception {
        make(List.of(ImageSettings.AMD64), ImageSettings.AMD64, "");
        assertThat(trainedFor).containsExactly(ImageSettings.AMD64);

        make(List.of(ImageSettings.AMD64), ImageSettings.ARM64, "");
        assertThat(trainedFor).containsExactly(ImageSettings.AMD64);
        assertThat(progress.get(progress.size() - 1)).startsWith("No AOT cache: the image is for linux/amd64, whose JVM"
                + " cannot run on this linux/arm64 machine");
    }

    @Test
    void aMachineOtherThanLinuxGetsNoCacheForTheLinuxImage() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createFile(bin.resolve("qemu-aarch64")).toFile().setExecutable(true);

        make(List.of(ImageSettings.ARM64), new Platform("arm64", "mac os x"), bin.toString());

        assertThat(trainedFor).isEmpty();
        assertThat(progress).singleElement().asString().startsWith("No AOT cache: the image is for linux/arm64, whose JVM"
                + " cannot run on this mac os x/arm64 machine");
    }
}
