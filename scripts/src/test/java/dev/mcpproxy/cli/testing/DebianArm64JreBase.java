package dev.mcpproxy.cli.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A linux/arm64 JDK 25 base image made on this machine, the arm64 twin of {@link LocalJreBase}:
 * Debian trixie's {@code openjdk-25-jre-headless} for arm64 and the libraries its {@code java}
 * needs, resolved from the trixie package index, each {@code .deb} checked against the index's
 * SHA-256, cached in {@code ~/.cache/mcp-proxy-tests/debian-arm64/} and unpacked with
 * {@code dpkg-deb -x} into one layer, symbolic links kept. Like Debian's own images it is merged-/usr ({@code /lib -> usr/lib}, as
 * base-files makes it), and like the JDK package it carries the default CDS archive.
 */
public final class DebianArm64JreBase {

    public static final String MIRROR = "http://deb.debian.org/debian/";
    public static final String JAVA_HOME = "/usr/lib/jvm/java-25-openjdk-arm64";
    /** The JRE and what its {@code java} and {@code libjvm.so} link against: found by trying. */
    static final List<String> PACKAGES = List.of("openjdk-25-jre-headless", "libc6", "libgcc-s1", "libstdc++6", "zlib1g");
    private static final String INDEX = "dists/trixie/main/binary-arm64/Packages.gz";
    private static final Duration INDEX_AGE = Duration.ofHours(12);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private DebianArm64JreBase() {}

    /** The package cache; it outlives test runs, since the JRE alone is about 52 MB. */
    public static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "mcp-proxy-tests", "debian-arm64");
    }

    /**
     * Whether the packages can be had: the index is cached and fresh, or the mirror answers.
     *
     * @return empty when available, else why not
     */
    public static java.util.Optional<String> unavailable() {
        try {
            index();
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of("Debian's mirror " + MIRROR + " is unreachable and no package index is cached ("
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("interrupted");
        }
    }

    /** Unpacks the packages into {@code workDir/rootfs} and returns that directory. */
    public static Path rootfs(Path workDir) throws IOException, InterruptedException {
        Map<String, Map<String, String>> index = index();
        Path rootfs = Files.createDirectories(workDir.resolve("rootfs"));
        for (String name : PACKAGES) {
            Map<String, String> stanza = index.get(name);
            if (stanza == null) {
                throw new IOException("trixie's arm64 index has no package " + name);
            }
            run(List.of("dpkg-deb", "-x", deb(stanza).toString(), rootfs.toString()));
        }
        for (String merged : List.of("bin", "lib", "sbin")) {
            Files.createSymbolicLink(rootfs.resolve(merged), Path.of("usr", merged));
        }
        Files.createDirectories(rootfs.resolve("tmp"));
        return rootfs;
    }

    /**
     * @return the base image as a {@code tar://} reference: a Docker image tarball written here, not
     *     by Jib, whose layers cannot hold symbolic links (the JDK package and merged-/usr need them)
     */
    public static String build(Path workDir) throws IOException, InterruptedException {
        Path rootfs = rootfs(workDir);
        Path layer = workDir.resolve("layer.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(layer));
                Stream<Path> files = Files.walk(rootfs)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path file : files.filter(f -> !f.equals(rootfs)).sorted().toList()) {
                String name = rootfs.relativize(file).toString();
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(file)) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(file).toString());
                } else {
                    entry = new TarArchiveEntry(file.toFile(), name);
                    entry.setMode((Files.isDirectory(file) ? 040000 : 0100000) | mode(file));
                }
                entry.setModTime(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis());
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("root");
                entry.setGroupName("root");
                tar.putArchiveEntry(entry);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(file, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        String diffId = "sha256:" + sha256(layer);
        Path image = workDir.resolve("debian-arm64-jre.tar");
        String config = JSON.writeValueAsString(Map.of(
                "architecture", "arm64",
                "os", "linux",
                "config", Map.of("Env", List.of("JAVA_HOME=" + JAVA_HOME, "PATH=" + JAVA_HOME + "/bin:/usr/bin:/bin")),
                "rootfs", Map.of("type", "layers", "diff_ids", List.of(diffId))));
        String manifest = JSON.writeValueAsString(List.of(Map.of(
                "Config", "config.json", "RepoTags", List.of("debian-arm64-jre:test"), "Layers", List.of("layer.tar"))));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(image))) {
            addFile(tar, "config.json", config.getBytes(StandardCharsets.UTF_8));
            addFile(tar, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
            TarArchiveEntry entry = new TarArchiveEntry("layer.tar");
            entry.setSize(Files.size(layer));
            tar.putArchiveEntry(entry);
            Files.copy(layer, tar);
            tar.closeArchiveEntry();
        }
        Files.delete(layer);
        return "tar://" + image;
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static int mode(Path file) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    /** The package's file from the cache, downloaded first when missing; its SHA-256 must be the index's. */
    private static Path deb(Map<String, String> stanza) throws IOException, InterruptedException {
        String filename = stanza.get("Filename");
        String sha256 = stanza.get("SHA256");
        Path deb = cacheDir().resolve(Path.of(filename).getFileName());
        if (Files.isRegularFile(deb) && sha256(deb).equals(sha256)) {
            return deb;
        }
        Path partial = download(MIRROR + filename, deb.resolveSibling(deb.getFileName() + ".part"));
        String actual = sha256(partial);
        if (!actual.equals(sha256)) {
            Files.delete(partial);
            throw new IOException(filename + " has SHA-256 " + actual + ", the index says " + sha256);
        }
        return Files.move(partial, deb, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Package name to its index fields, from a cached index younger than 12 hours or a fresh one. */
    private static Map<String, Map<String, String>> index() throws IOException, InterruptedException {
        Path index = cacheDir().resolve("Packages.gz");
        boolean fresh = Files.isRegularFile(index)
                && Files.getLastModifiedTime(index).toInstant().isAfter(Instant.now().minus(INDEX_AGE));
        if (!fresh) {
            Files.move(download(MIRROR + INDEX, index.resolveSibling("Packages.gz.part")), index,
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Map<String, Map<String, String>> packages = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(index)), StandardCharsets.UTF_8))) {
            Map<String, String> stanza = new HashMap<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    add(packages, stanza);
                    stanza = new HashMap<>();
                } else if (!line.startsWith(" ") && line.contains(": ")) {
                    int colon = line.indexOf(": ");
                    stanza.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            add(packages, stanza);
        }
        return packages;
    }

    private static void add(Map<String, Map<String, String>> packages, Map<String, String> stanza) {
        String name = stanza.get("Package");
        if (name != null && PACKAGES.contains(name)) {
            packages.put(stanza.get("Package"), stanza);
        }
    }

    private static Path download(String url, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() != 200) {
            Files.deleteIfExists(target);
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        return target;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
