package dev.mcpproxy.cli.image;

import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Decides whether the image gets an AOT cache and makes it: the proxy on the base image, written as
 * a tarball for this machine's platform, unpacked and trained ({@link AotCacheTraining}). Every
 * platform of the image must be this machine's, since one layer serves them all and a cache made
 * by one architecture's JVM is useless to the other's. Without a cache the image still builds and
 * starts, only slower; the reason is printed.
 */
final class AotCacheStep {

    /** Writes the base image plus the proxy's jars for one platform as a tarball. */
    interface TrainingImage {
        void write(Platform platform, Path tarball) throws Exception;
    }

    private final ImageSettings settings;
    private final Path workDir;
    private final Consumer<String> progress;
    private final TrainingImage trainingImage;

    AotCacheStep(ImageSettings settings, Path workDir, Consumer<String> progress, TrainingImage trainingImage) {
        this.settings = settings;
        this.workDir = workDir;
        this.progress = progress;
        this.trainingImage = trainingImage;
    }

    Optional<Path> make() throws InterruptedException {
        Platform host = hostPlatform();
        Optional<Platform> foreign = settings.platforms().stream()
                .filter(p -> !(p.getOs().equals(host.getOs()) && p.getArchitecture().equals(host.getArchitecture())))
                .findFirst();
        if (foreign.isPresent()) {
            progress.accept("No AOT cache: the image is for " + name(foreign.get()) + ", whose JVM cannot run on this "
                    + name(host) + " machine; the image starts without one (build with --platform " + name(host)
                    + " on a " + name(host) + " machine to get one)");
            return Optional.empty();
        }
        progress.accept("Training the AOT cache on the base image's JVM (" + name(host) + ")");
        try {
            deleteRecursively(workDir);
            Path tarball = Files.createDirectories(workDir).resolve("training-image.tar");
            trainingImage.write(host, tarball);
            ImageFileSystem image = ImageFileSystem.unpack(tarball, workDir.resolve("rootfs"));
            Files.delete(tarball);
            Path cache = new AotCacheTraining(image, workDir).train();
            progress.accept("AOT cache made: " + Files.size(cache) / (1024 * 1024) + " MB");
            return Optional.of(cache);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            progress.accept("No AOT cache: " + e.getMessage() + "; the image starts without one");
            return Optional.empty();
        }
    }

    /** This machine as an image platform: the base image's JVM runs here only on a match. */
    static Platform hostPlatform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String architecture = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return new Platform(architecture, os.startsWith("linux") ? "linux" : os);
    }

    private static String name(Platform platform) {
        return platform.getOs() + "/" + platform.getArchitecture();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
