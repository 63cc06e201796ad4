package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.testing.McpProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads what a Docker image tarball says about its container, and runs its entrypoint. */
final class ImageTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageTestSupport() {
    }

    /**
     * Runs the image's entrypoint on its unpacked file system, with {@code java} as the JVM
     * (the image's own or another) started by {@code launcher} (nothing, or an emulator), the
     * {@code [aot]} and class-path log on, and returns the JVM's output once it answered a proxied
     * {@code tools/list} against its embedded demo upstream.
     */
    static String runEntrypoint(ImageFileSystem image, List<String> entrypoint, List<String> launcher, Path java,
            Path log, Duration patience) throws Exception {
        int port = McpProbe.freePort();
        List<String> command = new ArrayList<>(launcher);
        List<String> onHost = image.onHost(entrypoint);
        command.add(java.toString());
        command.add("-Xlog:aot=info,class+path=info");
        command.addAll(onHost.subList(1, onHost.size()));
        command.addAll(List.of("--demo", "--port", String.valueOf(port)));
        Process proxy = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            ObjectNode tools = McpProbe.toolsList(port, proxy::isAlive, patience);

            assertThat(tools.path("tools").size()).isPositive();
            return Files.readString(log);
        } finally {
            proxy.destroy();
            proxy.waitFor();
        }
    }

    /** The image's entrypoint, from its configuration. */
    static List<String> entrypoint(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                files.put(entry.getName(), archive.readAllBytes());
            }
        }
        String configName = JSON.readTree(files.get("manifest.json")).get(0).path("Config").asText();
        JsonNode entrypoint = JSON.readTree(files.get(configName)).path("config").path("Entrypoint");
        return JSON.convertValue(entrypoint, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }
}
