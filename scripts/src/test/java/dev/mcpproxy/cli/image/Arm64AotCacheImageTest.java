package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.mcpproxy.cli.testing.DebianArm64JreBase;
import dev.mcpproxy.cli.testing.LocalJreBase;
import dev.mcpproxy.cli.testing.LoopbackRegistry;
import dev.mcpproxy.cli.testing.McpProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image AgentCore runs (linux/arm64), built on this amd64 machine, carries an AOT cache made
 * by the arm64 base image's own JVM under QEMU's user-mode emulator, and its entrypoint, run under
 * the emulator as the container runs it, starts from it; the default multi-platform image carries
 * the same cache, which its amd64 JVM ignores. The arm64 base is Debian trixie's OpenJDK 25 for
 * arm64 ({@link DebianArm64JreBase}), the amd64 one a jlink image of the running JDK.
 */
class Arm64AotCacheImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An emulated JVM starts in tens of seconds, and more on a loaded machine. */
    private static final Duration EMULATED = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    static Path emulator;
    static LoopbackRegistry registry;
    static Path arm64Tar;
    static String multiPlatformImage;
    static final List<String> arm64Progress = new CopyOnWriteArrayList<>();
    static final List<String> multiPlatformProgress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void buildBothImages() throws Exception {
        Path jar = McpProbe.proxyJar();
        assumeTrue(Files.isRegularFile(jar), "the proxy jar is built by the proxy-app module first: " + jar);
        assumeTrue(Runtime.version().feature() >= 25, "the amd64 base image is a jlink image of the running JDK 25+");
        assumeTrue(AotCacheStep.hostPlatform().equals(ImageSettings.AMD64), "this builds the arm64 image on an amd64 machine");
        Optional<Path> found = Arm64Emulator.find(Optional.empty(), System.getenv("PATH"));
        assumeTrue(found.isPresent(), "no qemu-aarch64-static or qemu-aarch64 on PATH: install qemu-user-static"
                + " (bin/test does)");
        emulator = found.get();
        Optional<String> mirror = DebianArm64JreBase.unavailable();
        assumeTrue(mirror.isEmpty(), () -> "the arm64 JDK comes from Debian: " + mirror.orElse(""));

        String arm64Base = DebianArm64JreBase.build(Files.createDirectories(dir.resolve("arm64-base")));
        String amd64Base = LocalJreBase.build(Files.createDirectories(dir.resolve("amd64-base")));
        registry = LoopbackRegistry.start(Files.createDirectories(dir.resolve("registry")));
        String multiPlatformBase = registry.pushIndex("jre", "25", Map.of("linux/arm64", arm64Base, "linux/amd64", amd64Base));
        Path cache = dir.resolve("cache");

        arm64Tar = dir.resolve("arm64.tar");
        new ProxyImageBuilder(settings(arm64Base).withPlatforms(List.of(ImageSettings.ARM64)), cache, arm64Progress::add)
                .build(jar, Optional.empty(), new ImageTarget.Tarball(arm64Tar, "mcp-proxy:arm64"));
        multiPlatformImage = registry.host() + "/mcp-proxy:multi";
        new ProxyImageBuilder(settings(multiPlatformBase), cache, multiPlatformProgress::add)
                .build(jar, Optional.empty(), new ImageTarget.Registry(multiPlatformImage, Optional.empty()));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static ImageSettings settings(String base) {
        return ImageSettings.defaults("arm64", "arm64", "arm64").withBaseImage(base);
    }

    @Test
    void theArm64ImageCarriesACacheTrainedByItsOwnJvmUnderQemu() throws Exception {
        assertThat(arm64Progress).contains("Training the AOT cache on the base image's linux/arm64 JVM under "
                + emulator.getFileName() + " (emulated: minutes)");
        assertThat(arm64Progress).anyMatch(line -> line.startsWith("AOT cache made for linux/arm64: "));
        assertThat(ImageTestSupport.entrypoint(arm64Tar)).isEqualTo(ProxyImageBuilder.entrypoint(true));
        assertThat(Files.readString(dir.resolve("cache/aot/training.log"))).contains("Proxy listening");
    }

    @Test
    void theDefaultImageCarriesTheArm64CacheOnBothPlatforms() throws Exception {
        assertThat(multiPlatformProgress).anyMatch(line -> line.startsWith("AOT cache reused for linux/arm64 (")
                && line.endsWith("the base image, the jars and the flags are those it was trained with;"
                        + " the linux/amd64 JVM ignores it"));
        JsonNode index = registry.manifest("mcp-proxy", "multi");
        List<String> platforms = new ArrayList<>();
        for (JsonNode manifest : index.path("manifests")) {
            platforms.add(manifest.path("platform").path("os").asText() + "/" + manifest.path("platform").path("architecture").asText());
            JsonNode image = registry.manifest("mcp-proxy", manifest.path("digest").asText());
            JsonNode config = registry.blobJson("mcp-proxy", image.path("config").path("digest").asText());
            assertThat(JSON.convertValue(config.path("config").path("Entrypoint"), List.class))
                    .isEqualTo(ProxyImageBuilder.entrypoint(true));
        }
        assertThat(platforms).containsExactly("linux/arm64", "linux/amd64");
    }

    @Test
    void theArm64EntrypointStartsFromTheCacheUnderQemu() throws Exception {
        ImageFileSystem image = pull(ImageSettings.ARM64);

        String log = ImageTestSupport.runEntrypoint(image, ImageTestSupport.entrypoint(dir.resolve("linux-arm64.tar")),
                Arm64Emulator.command(emulator, image.root()), image.java().orElseThrow(), dir.resolve("arm64-run.log"),
                EMULATED);

        assertThat(log).contains("Using AOT-linked classes: true").doesNotContain("Unable to map shared spaces");
    }

    @Test
    void theAmd64EntrypointIgnoresTheArm64CacheAndServes() throws Exception {
        ImageFileSystem image = pull(ImageSettings.AMD64);

        String log = ImageTestSupport.runEntrypoint(image, ImageTestSupport.entrypoint(dir.resolve("linux-amd64.tar")),
                List.of(), image.java().orElseThrow(), dir.resolve("amd64-run.log"), Duration.ofSeconds(60));

        assertThat(log).contains("The AOT cache was created by a different version or build of HotSpot")
                .containsPattern("actual: .* for linux-aarch64 ").contains("Unable to map shared spaces")
                .doesNotContain("Using AOT-linked classes: true");
    }

    /** One platform's image of the multi-platform index, as a tarball, unpacked. */
    private static ImageFileSystem pull(Platform platform) throws Exception {
        String name = platform.getOs() + "-" + platform.getArchitecture();
        Path tar = dir.resolve(name + ".tar");
        Jib.from(multiPlatformImage).setPlatforms(Set.of(platform))
                .containerize(Containerizer.to(TarImage.at(tar).named("mcp-proxy:" + name)).setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(dir.resolve("pull-cache")).setApplicationLayersCache(dir.resolve("pull-app")));
        return ImageFileSystem.unpack(tar, dir.resolve("rootfs-" + name));
    }
}
