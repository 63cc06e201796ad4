package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.image.ImageSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tag pushed with the image, derived from everything that goes into it (jar, proxy
 * configurations, base, platforms, labels). The repository's tags are immutable, so the same
 * inputs must give the same tag (a re-run finds it and pushes nothing) and different inputs a new
 * one. The runtime itself is pinned to the digest, not to the tag.
 */
final class ImageTag {

    private ImageTag() {}

    static String forInputs(Path jar, Optional<Path> environments, ImageSettings settings) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            update(sha256, jar.getFileName().toString(), Files.readAllBytes(jar));
            if (environments.isPresent()) {
                try (Stream<Path> files = Files.walk(environments.get())) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        update(sha256, environments.get().relativize(file).toString(), Files.readAllBytes(file));
                    }
                }
            }
            update(sha256, "settings", List.of(settings.baseImage(), settings.platforms(), settings.labels())
                    .toString().getBytes(StandardCharsets.UTF_8));
            return "proxy-" + HexFormat.of().formatHex(sha256.digest(), 0, 6);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Names are hashed with their content, so moving a file changes the tag too. */
    private static void update(MessageDigest digest, String name, byte[] content) {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(content);
        digest.update((byte) 0);
    }
}
