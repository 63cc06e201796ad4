package dev.mcpproxy.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.RegistryImage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI distribution registry on a free loopback port, with its storage in a temporary
 * directory: {@code docker-registry} (Debian's package, which {@code bin/test} installs) or the
 * distribution project's {@code registry}, whichever is first on PATH.
 */
public final class LoopbackRegistry implements AutoCloseable {

    private static final String ACCEPT = String.join(",",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private LoopbackRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static LoopbackRegistry start(Path workDir) throws IOException, InterruptedException {
        Path binary = binary();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = workDir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(workDir.resolve("storage"), port));
        Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("registry.log").toFile())
                .start();
        LoopbackRegistry registry = new LoopbackRegistry(process, port);
        registry.awaitReady();
        return registry;
    }

    private static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("docker-registry", "registry")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("these tests push to an OCI registry on loopback, and neither docker-registry"
                + " nor registry is on PATH: run the tests with bin/test, which installs docker-registry");
    }

    private void awaitReady() throws InterruptedException, IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!process.isAlive()) {
                throw new IOException("the registry exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IOException("the registry did not answer on port " + port);
    }

    /** e.g. {@code 127.0.0.1:5000} */
    public String host() {
        return "127.0.0.1:" + port;
    }

    private String base() {
        return "http://" + host();
    }

    public JsonNode manifest(String repository, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/manifests/" + reference))
                        .header("Accept", ACCEPT).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("manifest " + repository + ":" + reference + " → HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    public JsonNode blobJson(String repository, String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/blobs/" + digest))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("blob " + digest + " → HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /**
     * Pushes one single-platform image tarball per platform and a Docker manifest list over them,
     * as a multi-platform base image whose platforms differ in content (Jib gives all platforms of
     * an image the same layers, so it cannot make one).
     *
     * @param tarballs platform ({@code linux/arm64}) to the {@code tar://} reference of its image
     * @return the reference of the manifest list
     */
    public String pushIndex(String repository, String tag, Map<String, String> tarballs) throws Exception {
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Map.Entry<String, String> platform : new TreeMap<>(tarballs).entrySet()) {
            String platformTag = tag + "-" + platform.getKey().replace('/', '-');
            Jib.from(platform.getValue()).containerize(Containerizer.to(
                    RegistryImage.named(ImageReference.parse(host() + "/" + repository + ":" + platformTag)))
                    .setAllowInsecureRegistries(true));
            HttpResponse<byte[]> manifest = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/manifests/" + platformTag))
                            .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                            .timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String[] osArch = platform.getKey().split("/");
            manifests.add(Map.of(
                    "mediaType", manifest.headers().firstValue("Content-Type").orElseThrow(),
                    "size", manifest.body().length,
                    "digest", "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest.body())),
                    "platform", Map.of("os", osArch[0], "architecture", osArch[1])));
        }
        String list = JSON.writeValueAsString(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.docker.distribution.manifest.list.v2+json", "manifests", manifests));
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/v2/" + repository + "/manifests/" + tag))
                        .header("Content-Type", "application/vnd.docker.distribution.manifest.list.v2+json")
                        .PUT(HttpRequest.BodyPublishers.ofString(list)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new IOException("manifest list " + repository + ":" + tag + " → HTTP " + put.statusCode() + " " + put.body());
        }
        return host() + "/" + repository + ":" + tag;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
