package dev.mcpproxy.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads what a Docker image tarball says about its container. */
final class ImageTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageTestSupport() {
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
