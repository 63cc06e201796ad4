package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpproxy.cli.testing.LocalJreBase;
import dev.mcpproxy.cli.testing.McpProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image built from a JDK 25 base carries an AOT cache made by that base's JVM, and its
 * entrypoint, run as the container runs it (the image's file system unpacked, the image's java,
 * flags and files), loads it; a JVM the cache does not match starts without it and still serves.
 */
class AotCacheImageTest {

    @TempDir
    static Path dir;

    static ImageFileSystem image;
    static List<String> entrypoint;
    static final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildAndUnpackTheImage() throws Exception {
        Path jar = McpProbe.proxyJar();
        assumeTrue(Files.isRegularFile(jar), "the proxy jar is built by the proxy-app module first: " + jar);
        assumeTrue(Runtime.version().feature() >= 25, "the local base image is a jlink image of the running JDK 25+");
        ImageSettings settings = ImageSettings.defaults("aot", "aot", "aot")
                .withBaseImage(LocalJreBase.build(Files.createDirectories(dir.resolve("base"))))
                .withPlatforms(List.of(AotCacheStep.hostPlatform()));
        Path tar = dir.resolve("image.tar");

        new ProxyImageBuilder(settings, dir.resolve("cache"), progress::add)
                .build(jar, Optional.empty(), new ImageTarget.Tarball(tar, "mcp-proxy:aot"));

        image = ImageFileSystem.unpack(tar, dir.resolve("rootfs"));
        entrypoint = ImageTestSupport.entrypoint(tar);
    }

    @Test
    void theImageCarriesTheCacheAndItsEntrypointNamesIt() throws Exception {
        assertThat(progress).anyMatch(line -> line.startsWith("AOT cache made"));
        assertThat(entrypoint).isEqualTo(ProxyImageBuilder.entrypoint(true)).contains("-XX:AOTCache=/app/proxy.aot");
        assertThat(image.resolve("/app/proxy.aot")).isPresent();
    }

    @Test
    void theEntrypointStartsFromTheCache() throws Exception {
        String log = runEntrypoint(image.java().orElseThrow(), "cache-used.log");

        assertThat(log).contains("Using AOT-linked classes: true").doesNotContain("Unable to map shared spaces")
                .contains("Request threads: inline on the HTTP selector threads");
    }

    @Test
    void aJvmTheCacheDoesNotMatchStartsWithoutItAndServes() throws Exception {
        // The full JDK the base was linked from: same version and build, different runtime image.
        Path otherJvm = Path.of(System.getProperty("java.home"), "bin", "java");

        String log = runEntrypoint(otherJvm, "cache-mismatch.log");

        assertThat(log).contains("validation: failed").contains("Unable to map shared spaces")
                .doesNotContain("Using AOT-linked classes: true");
    }

    @Test
    void aBaseWithAJvmWithoutAotCachesGetsNoCacheAndNoCacheFlag(@TempDir Path work) throws Exception {
        Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        assumeTrue(Files.isExecutable(jdk17.resolve("bin/jlink")), "a JDK 17 is installed here: " + jdk17);
        ImageSettings settings = ImageSettings.defaults("aot", "aot", "aot")
                .withBaseImage(LocalJreBase.build(Files.createDirectories(work.resolve("base")), jdk17))
                .withPlatforms(List.of(AotCacheStep.hostPlatform()));
        List<String> lines = new CopyOnWriteArrayList<>();
        Path tar = work.resolve("image.tar");

        new ProxyImageBuilder(settings, work.resolve("cache"), lines::add)
                .build(McpProbe.proxyJar(), Optional.empty(), new ImageTarget.Tarball(tar, "mcp-proxy:java17"));

        assertThat(lines).contains("No AOT cache: the base image's JVM is older than JDK 24 (it has no -XX:AOTMode);"
                + " the image starts without one");
        assertThat(ImageTestSupport.entrypoint(tar)).isEqualTo(ProxyImageBuilder.entrypoint(false));
    }

    private static String runEntrypoint(Path java, String logName) throws Exception {
        return ImageTestSupport.runEntrypoint(image, entrypoint, List.of(), java, dir.resolve(logName), Duration.ofSeconds(60));
    }
}
