package dev.mcpproxy.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pinned npm packages, installed once into a folder of the build directory and reused; concurrent
 * test JVMs serialize the install with a file lock.
 */
final class NpmPackages {

    private NpmPackages() {
    }

    /**
     * Installs {@code name@version} into {@code proxy-app/target/<folder>} unless it is there
     * already, and returns the package's directory ({@code <folder>/node_modules/<name>}).
     */
    static Path install(String folder, String name, String version) {
        Path prefix = buildDirectory().resolve(folder);
        Path packageDir = prefix.resolve("node_modules").resolve(name);
        try {
            Files.createDirectories(prefix);
            try (FileChannel channel = FileChannel.open(prefix.resolve(".install.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!installedVersion(packageDir).equals(version)) {
                    runNpmInstall(prefix, name + "@" + version);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name + "@" + version, e);
        }
        return packageDir;
    }

    private static String installedVersion(Path packageDir) throws IOException {
        Path manifest = packageDir.resolve("package.json");
        if (!Files.exists(manifest)) {
            return "";
        }
        Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(manifest));
        return version.find() ? version.group(1) : "";
    }

    private static void runNpmInstall(Path prefix, String spec) throws IOException {
        Path log = prefix.resolve("npm-install.log");
        Process npm = new ProcessBuilder(List.of("npm", "install", "--prefix", prefix.toString(), "--no-audit",
                "--no-fund", "--no-save", spec))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm install of " + spec + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + spec, e);
        }
    }

    /** {@code proxy-app/target}, whether the tests run from the module or from the repository root. */
    static Path buildDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        Path module = Files.exists(cwd.resolve("src/test/java/dev/mcpproxy/proxy")) ? cwd : cwd.resolve("proxy-app");
        return module.resolve("target");
    }
}
