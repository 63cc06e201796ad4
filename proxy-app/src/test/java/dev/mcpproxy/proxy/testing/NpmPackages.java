package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pinned npm packages installed once into a directory of {@code proxy-app/target} and reused;
 * concurrent test JVMs serialize the install with a file lock.
 */
public final class NpmPackages {

    private NpmPackages() {
    }

    /**
     * Installs {@code packages} (name → exact version) into {@code target/<directory>} unless every
     * one is there at its version already.
     *
     * @return the install prefix (its {@code node_modules} holds the packages)
     */
    public static Path install(String directory, Map<String, String> packages) {
        Path prefix = buildDirectory().resolve(directory);
        try {
            Files.createDirectories(prefix);
            try (FileChannel channel = FileChannel.open(prefix.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                boolean current = true;
                for (var pinned : packages.entrySet()) {
                    current &= installedVersion(prefix.resolve("node_modules").resolve(pinned.getKey()))
                            .equals(pinned.getValue());
                }
                if (!current) {
                    runNpmInstall(prefix, packages);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + packages, e);
        }
        return prefix;
    }

    private static String installedVersion(Path packageDir) throws IOException {
        Path manifest = packageDir.resolve("package.json");
        if (!Files.exists(manifest)) {
            return "";
        }
        Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(manifest));
        return version.find() ? version.group(1) : "";
    }

    private static void runNpmInstall(Path prefix, Map<String, String> packages) throws IOException {
        Path log = prefix.resolve("npm-install.log");
        List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                "--no-fund", "--no-save"));
        packages.forEach((name, version) -> command.add(name + "@" + version));
        Process npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install of " + packages + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + packages, e);
        }
    }

    /** {@code proxy-app/target}, whether the tests run from the module or from the repository root. */
    static Path buildDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        Path module = Files.exists(cwd.resolve("src/test/java/dev/mcpproxy/proxy")) ? cwd : cwd.resolve("proxy-app");
        return module.resolve("target");
    }
}
