package dev.mcpproxy.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image's file system unpacked from a Docker image tarball, as a container would see it: layers
 * applied in order (whiteouts remove), modes and modification times kept, since the JVM checks the
 * size and time of the files an AOT cache was made from.
 */
final class ImageFileSystem {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINKS = 40;

    private final Path root;
    private final Map<String, String> environment;

    private final String identity;

    private ImageFileSystem(Path root, Map<String, String> environment, String identity) {
        this.root = root;
        this.environment = environment;
        this.identity = identity;
    }

    /**
     * What makes the unpacked image what it is, whatever registry or tarball it came from: its
     * layers (their uncompressed digests), environment and entrypoint.
     */
    String identity() {
        return identity;
    }

    Path root() {
        return root;
    }

    /** Unpacks {@code tarball} (as Jib's {@code TarImage} writes it) into an empty {@code root}. */
    static ImageFileSystem unpack(Path tarball, Path root) throws IOException {
        Map<String, byte[]> layers = new HashMap<>();
        JsonNode manifest = null;
        JsonNode config = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            Map<String, byte[]> files = new HashMap<>();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), tar.readAllBytes());
            }
            manifest = JSON.readTree(files.get("manifest.json")).get(0);
            config = JSON.readTree(files.get(manifest.path("Config").asText()));
            for (JsonNode layer : manifest.path("Layers")) {
                layers.put(layer.asText(), files.get(layer.asText()));
            }
        }
        Files.createDirectories(root);
        for (JsonNode layer : manifest.path("Layers")) {
            applyLayer(layers.get(layer.asText()), root);
        }
        Map<String, String> environment = new HashMap<>();
        for (JsonNode variable : config.path("config").path("Env")) {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair.length == 2 ? pair[1] : "");
        }
        JsonNode container = config.path("config");
        String identity = "layers " + config.path("rootfs").path("diff_ids") + "\nenv " + container.path("Env")
                + "\nentrypoint " + container.path("Entrypoint");
        return new ImageFileSystem(root, environment, identity);
    }

    /** The {@code java} the entrypoint runs: {@code $JAVA_HOME/bin/java}, else the first on the image's PATH. */
    Optional<Path> java() throws IOException {
        String javaHome = environment.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            Optional<Path> java = resolve(javaHome + "/bin/java");
            if (java.isPresent()) {
                return java;
            }
        }
        for (String directory : environment.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Optional<Path> java = resolve(directory + "/java");
            if (java.isPresent()) {
                return java;
            }
        }
        return Optional.empty();
    }

    /**
     * The image's entrypoint as a command for this machine: its {@code java} resolved in the image
     * and its paths under {@code /app/} pointing into the unpacked image.
     */
    java.util.List<String> onHost(java.util.List<String> entrypoint) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(java().orElseThrow(() -> new IOException("the base image has no java on JAVA_HOME or PATH")).toString());
        for (String part : entrypoint.subList(1, entrypoint.size())) {
            command.add(part.replace(ProxyImageBuilder.APP_DIR + "/", root.resolve("app") + "/"));
        }
        return command;
    }

    /** An absolute path inside the image, its symbolic links (absolute ones too) followed inside the root. */
    Optional<Path> resolve(String absolute) throws IOException {
        Path current = root;
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>(java.util.List.of(absolute.split("/")));
        int links = 0;
        while (!parts.isEmpty()) {
            String part = parts.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target = Files.readSymbolicLink(next).toString();
                java.util.List<String> targetParts = java.util.List.of(target.split("/"));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    parts.addFirst(targetParts.get(i));
                }
                if (target.startsWith("/")) {
                    current = root;
                }
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                current = next;
            } else {
                return Optional.empty();
            }
        }
        return Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS) ? Optional.of(current) : Optional.empty();
    }

    private static void applyLayer(byte[] gzipped, Path root) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = inside(root, entry.getName());
                String name = target.getFileName() == null ? "" : target.getFileName().toString();
                if (name.startsWith(".wh.")) {
                    deleteRecursively(target.resolveSibling(name.substring(4)));
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    deleteRecursively(target);
                    Files.createSymbolicLink(target, linkInside(root, target, entry.getLinkName()));
                } else if (entry.isLink()) {
                    deleteRecursively(target);
                    Files.createLink(target, inside(root, entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
                }
            }
        }
    }

    /**
     * An absolute link target made relative, so that the host resolves it inside the image as the
     * container does: a JVM run on the unpacked image reads its own configuration, not the host's
     * (Debian's JDK links {@code conf/security/java.security} to {@code /etc/java-25-openjdk/...}).
     */
    private static Path linkInside(Path root, Path link, String target) {
        if (!target.startsWith("/")) {
            return Path.of(target);
        }
        Path absolute = root.resolve(target.replaceFirst("^/+", "")).normalize();
        Path relative = link.getParent().relativize(absolute.startsWith(root) ? absolute : root);
        return relative.toString().isEmpty() ? Path.of(".") : relative;
    }

    private static Path inside(Path root, String name) throws IOException {
        Path target = root.resolve(name.replaceFirst("^/+", "")).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("image layer entry outside the image: " + name);
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = new HashSet<>();
        PosixFilePermission[] bits = PosixFilePermission.values();
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        permissions.add(PosixFilePermission.OWNER_READ);
        permissions.add(PosixFilePermission.OWNER_WRITE);
        return permissions;
    }

    /** Deletes a file or a directory tree, its symbolic links not followed. */
    static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
