package dev.mcpproxy.cli.image;

import java.nio.file.Path;
import java.util.Optional;

/** Where a built image goes: a registry repository (with optional credentials) or a local OCI tarball. */
public sealed interface ImageTarget {

    /** @param reference e.g. {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy:tag} */
    record Registry(String reference, Optional<RegistryCredential> credential) implements ImageTarget {}

    /** A tarball holds one platform's image (Jib writes one image per tar). */
    record Tarball(Path file, String reference) implements ImageTarget {}

    /** Never printed: {@link #toString()} hides the password. */
    record RegistryCredential(String username, String password) {
        @Override
        public String toString() {
            return "RegistryCredential[username=" + username + ", password=***]";
        }
    }
}
