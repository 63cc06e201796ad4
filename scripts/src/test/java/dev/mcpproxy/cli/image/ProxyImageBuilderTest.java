package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.testing.LoopbackRegistry;
import dev.mcpproxy.cli.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyImageBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> LABELS =
            ImageSettings.ociLabels("1.2.3", "abc1234", "https://example.org/agentcore-mcp-proxy");

    @TempDir
    static Path shared;

    static LoopbackRegistry registry;
    static String multiPlatformBase;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LoopbackRegistry.start(Files.createDirectories(shared.resolve("registry")));
        multiPlatformBase = TestImages.pushMultiPlatformBase(registry, Files.createDirectories(shared.resolve("base")));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private BuiltImage push(Path jar, String tag, Path cache) throws ImageBuildException {
        ImageSettings settings = ImageSettings.defaults("1.2.3", "abc1234", "https://example.org/agentcore-mcp-proxy")
                .withBaseImage(multiPlatformBase);
        return new ProxyImageBuilder(settings, cache, line -> { })
                .build(jar, Optional.empty(), new ImageTarget.Registry(registry.host() + "/mcp-proxy:" + tag, Optional.empty()));
    }

    @Test
    void pushesAnIndexWithArm64AndAmd64ThatKeepTheContainerContract() throws Exception {
        Path jar = TestImages.proxyJar(workDir.resolve("proxy-app.jar"), "v1");

        BuiltImage image = push(jar, "contract", workDir.resolve("cache"));

        JsonNode index = registry.manifest("mcp-proxy", image.digest());
        List<String> platforms = new ArrayList<>();
        for (JsonNode manifest : index.path("manifests")) {
            JsonNode platform = manifest.path("platform");
            platforms.add(platform.path("os").asText() + "/" + platform.path("architecture").asText());
            JsonNode imageManifest = registry.manifest("mcp-proxy", manifest.path("digest").asText());
            JsonNode config = registry.blobJson("mcp-proxy", imageManifest.path("config").path("digest").asText())
                    .path("config");
            assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("java");
            assertThat(JSON.convertValue(config.path("Entrypoint"), List.class))
                    .containsSubsequence("-cp", "/app/proxy-app.jar:/app/lib/dependencies.jar", "dev.mcpproxy.proxy.Main")
                    .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                            "--add-opens=java.base/java.lang=ALL-UNNAMED");
            assertThat(config.path("User").asText()).isEqualTo("1000:1000");
            assertThat(config.path("ExposedPorts").has("8000/tcp")).isTrue();
            assertThat(JSON.convertValue(config.path("Labels"), Map.class)).containsAllEntriesOf(LABELS);
            assertThat(config.path("Env").toString()).contains("JAVA_HOME=/usr/lib/jvm/java");
            assertThat(imageManifest.path("layers")).hasSize(3);
        }
        assertThat(platforms).containsExactlyInAnyOrder("linux/arm64", "linux/amd64");
        assertThat(image.pinnedReference()).isEqualTo(registry.host() + "/mcp-proxy@" + image.digest());
    }

    @Test
    void sameSourcesGiveTheSameDigest() throws Exception {
        Path jar = TestImages.proxyJar(workDir.resolve("proxy-app.jar"), "v1");
        Path sameContentAgain = TestImages.proxyJar(workDir.resolve("again.jar"), "v1");

        BuiltImage first = push(jar, "first", workDir.resolve("cache-1"));
        BuiltImage second = push(sameContentAgain, "second", workDir.resolve("cache-2"));

        assertThat(second.digest()).isEqualTo(first.digest());
    }

    @Test
    void aCodeChangeChangesOnlyTheApplicationLayer() throws Exception {
        BuiltImage before = push(TestImages.proxyJar(workDir.resolve("v1.jar"), "v1"), "v1", workDir.resolve("c1"));
        BuiltImage after = push(TestImages.proxyJar(workDir.resolve("v2.jar"), "v2"), "v2", workDir.resolve("c2"));

        JsonNode beforeLayers = amd64Manifest(before).path("layers");
        JsonNode afterLayers = amd64Manifest(after).path("layers");
        assertThat(afterLayers.get(0).path("digest")).isEqualTo(beforeLayers.get(0).path("digest"));
        assertThat(afterLayers.get(1).path("digest")).as("dependency layer").isEqualTo(beforeLayers.get(1).path("digest"));
        assertThat(afterLayers.get(2).path("digest")).as("application layer").isNotEqualTo(beforeLayers.get(2).path("digest"));
    }

    private JsonNode amd64Manifest(BuiltImage image) throws Exception {
        for (JsonNode manifest : registry.manifest("mcp-proxy", image.digest()).path("manifests")) {
            if (manifest.path("platform").path("architecture").asText().equals("amd64")) {
                return registry.manifest("mcp-proxy", manifest.path("digest").asText());
            }
        }
        throw new AssertionError("no amd64 image in the index");
    }

    @Test
    void writesALocalTarballWithTheContainerContract() throws Exception {
        Path jar = TestImages.proxyJar(workDir.resolve("proxy-app.jar"), "v1");
        ImageSettings settings = ImageSettings.defaults("1.2.3", "abc1234", "https://example.org/agentcore-mcp-proxy")
                .withBaseImage(TestImages.tarBase(Files.createDirectories(workDir.resolve("base"))))
                .withPlatforms(List.of(ImageSettings.AMD64));
        Path tar = workDir.resolve("image.tar");
        Path environments = Files.createDirectories(workDir.resolve("environments/dev"));
        Files.writeString(environments.resolve("proxy.yaml"), "upstreams: []\n");
        Files.writeString(environments.resolve("environment.yaml"), "account: \"123456789012\"\n");

        new ProxyImageBuilder(settings, workDir.resolve("cache"), line -> { })
                .build(jar, Optional.of(environments.getParent()), new ImageTarget.Tarball(tar, "mcp-proxy:local"));

        Map<String, byte[]> files = readTar(tar);
        JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
        JsonNode configFile = JSON.readTree(files.get(manifest.path("Config").asText()));
        JsonNode config = configFile.path("config");
        assertThat(configFile.path("architecture").asText()).isEqualTo("amd64");
        assertThat(configFile.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("User").asText()).isEqualTo("1000:1000");
        assertThat(config.path("ExposedPorts").has("8000/tcp")).isTrue();
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
        assertThat(JSON.convertValue(config.path("Entrypoint"), List.class)).isEqualTo(ProxyImageBuilder.entrypoint(false));
        assertThat(JSON.convertValue(config.path("Labels"), Map.class)).containsAllEntriesOf(LABELS);
        assertThat(manifest.path("RepoTags").get(0).asText()).isEqualTo("mcp-proxy:local");
        assertThat(manifest.path("Layers")).hasSize(4);
        Map<String, byte[]> topLayer = readTarGz(files.get(manifest.path("Layers").get(3).asText()));
        assertThat(topLayer.keySet()).contains("app/environments/dev/proxy.yaml").doesNotContain("app/environments/dev/environment.yaml");
    }

    private static Map<String, byte[]> readTarGz(byte[] layer) throws IOException {
        Path file = Files.createTempFile("layer", ".tar");
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(layer))) {
            Files.write(file, in.readAllBytes());
            return readTar(file);
        } finally {
            Files.delete(file);
        }
    }

    private static Map<String, byte[]> readTar(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                files.put(entry.getName(), archive.readAllBytes());
            }
        }
        return files;
    }
}
