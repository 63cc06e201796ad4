package dev.mcpproxy.cli.image;

import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What goes into the proxy image besides the application itself.
 *
 * @param baseImage a Jib base reference: {@code registry://}, {@code tar://} or a plain image reference
 * @param platforms the platforms of the image index, AgentCore's {@code linux/arm64} first
 * @param labels OCI labels (version, revision, source)
 * @param arm64Emulator the emulator that runs the arm64 base image's JVM for the AOT cache on a
 *     machine of another architecture; empty: the first of {@code qemu-aarch64-static} and
 *     {@code qemu-aarch64} on {@code PATH}
 */
public record ImageSettings(String baseImage, List<Platform> platforms, Map<String, String> labels,
        Optional<Path> arm64Emulator) {

    /**
     * AWS-maintained headless Corretto 25 on Amazon Linux 2023, public and multi-platform: JDK 25 for
     * its AOT cache (JEP 483, 514, 515), which the image build makes with this very JVM.
     */
    public static final String DEFAULT_BASE_IMAGE = "public.ecr.aws/amazoncorretto/amazoncorretto:25-al2023-headless";

    public static final Platform ARM64 = new Platform("arm64", "linux");
    public static final Platform AMD64 = new Platform("amd64", "linux");

    public ImageSettings {
        Objects.requireNonNull(baseImage, "baseImage");
        if (platforms.isEmpty()) {
            throw new IllegalArgumentException("at least one platform is needed");
        }
        platforms = List.copyOf(platforms);
        labels = Map.copyOf(new TreeMap<>(labels));
        Objects.requireNonNull(arm64Emulator, "arm64Emulator");
    }

    public static ImageSettings defaults(String version, String revision, String source) {
        return new ImageSettings(DEFAULT_BASE_IMAGE, List.of(ARM64, AMD64), ociLabels(version, revision, source), Optional.empty());
    }

    public ImageSettings withBaseImage(String otherBase) {
        return new ImageSettings(otherBase, platforms, labels, arm64Emulator);
    }

    public ImageSettings withPlatforms(List<Platform> otherPlatforms) {
        return new ImageSettings(baseImage, otherPlatforms, labels, arm64Emulator);
    }

    public ImageSettings withArm64Emulator(Path emulator) {
        return new ImageSettings(baseImage, platforms, labels, Optional.of(emulator));
    }

    public Set<Platform> platformSet() {
        return new LinkedHashSet<>(platforms);
    }

    public static Map<String, String> ociLabels(String version, String revision, String source) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("org.opencontainers.image.title", "agentcore-mcp-proxy");
        labels.put("org.opencontainers.image.version", version);
        labels.put("org.opencontainers.image.revision", revision);
        labels.put("org.opencontainers.image.source", source);
        return labels;
    }

    /** Parses {@code linux/arm64}. */
    public static Platform parsePlatform(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("platform '" + text + "' is not of the form os/architecture, e.g. linux/arm64");
        }
        return new Platform(parts[1], parts[0]);
    }
}
