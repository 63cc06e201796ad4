package dev.mcpproxy.cli.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tag pushed with the image: derived from the jar's content, so re-pushing the same build
 * reuses the tag (fine with immutable ECR tags) and a new build never overwrites an old tag.
 * The runtime itself is pinned to the digest, not to the tag.
 */
final class ImageTag {

    private ImageTag() {}

    static String forJar(Path jar) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            byte[] digest = ((DigestInputStream) in).getMessageDigest().digest();
            return "proxy-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
