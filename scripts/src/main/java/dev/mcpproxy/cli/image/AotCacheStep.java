package dev.mcpproxy.cli.image;

import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides whether the image gets an AOT cache and makes it: the proxy on the base image, written as
 * a tarball for the cache's platform, unpacked and trained ({@link AotCacheTraining}) on that
 * platform's JVM of the base image. One layer serves every platform of the image, and a cache only
 * works with the JVM that made it, so the cache is made for one platform: linux/arm64 when the image
 * has it (AgentCore runs only that), emulated ({@link Arm64Emulator}) on a machine of another
 * architecture; otherwise the build machine's, when every platform of the image is that one. The
 * other platforms' JVMs ignore the cache (AOTMode auto) and start as without it. Without a cache
 * the image still builds and starts, only slower; the reason is printed.
 *
 * <p>The cache of the last build is reused when the training image is the same (the base image's
 * layers, the jars, the environment and entrypoint, the training workload): an emulated training
 * run takes minutes, and a deployment that changes only configuration should not pay them.
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
    private final Platform host;
    private final String path;

    AotCacheStep(ImageSettings settings, Path workDir, Consumer<String> progress, TrainingImage trainingImage) {
        this(settings, workDir, progress, trainingImage, hostPlatform(), System.getenv("PATH"));
    }

    /** @param path where to look for the emulator, as {@code PATH} */
    AotCacheStep(ImageSettings settings, Path workDir, Consumer<String> progress, TrainingImage trainingImage,
            Platform host, String path) {
        this.settings = settings;
        this.workDir = workDir;
        this.progress = progress;
        this.trainingImage = trainingImage;
        this.host = host;
        this.path = path;
    }

    Optional<Path> make() throws InterruptedException {
        Optional<Platform> target = cachePlatform();
        if (target.isEmpty() || !(same(target.get(), host) || host.getOs().equals("linux"))) {
            Platform foreign = settings.platforms().stream().filter(p -> !same(p, host)).findFirst().orElseThrow();
            progress.accept("No AOT cache: the image is for " + name(foreign) + ", whose JVM cannot run on this "
                    + name(host) + " machine; the image starts without one (build with --platform " + name(host)
                    + " on a " + name(host) + " machine to get one)");
            return Optional.empty();
        }
        Platform platform = target.get();
        Optional<Path> emulator = Optional.empty();
        if (!same(platform, host)) {
            emulator = Arm64Emulator.find(settings.arm64Emulator(), path);
            if (emulator.isEmpty()) {
                progress.accept("No AOT cache: the image's " + name(platform) + " JVM cannot run on this " + name(host)
                        + " machine without an emulator, and none was found (" + String.join(", ", Arm64Emulator.NAMES)
                        + " on PATH): " + Arm64Emulator.INSTALL_HINT + "; the image starts without one");
                return Optional.empty();
            }
        }
        String others = settings.platforms().stream().filter(p -> !same(p, platform)).map(AotCacheStep::name)
                .reduce((a, b) -> a + ", " + b).map(names -> "; the " + names + " JVM ignores it").orElse("");
        try {
            Path rootfs = workDir.resolve("rootfs");
            ImageFileSystem.deleteRecursively(rootfs);
            Path tarball = Files.createDirectories(workDir).resolve("training-image.tar");
            trainingImage.write(platform, tarball);
            ImageFileSystem image = ImageFileSystem.unpack(tarball, rootfs);
            Files.delete(tarball);
            Path cache = workDir.resolve("proxy.aot");
            Path trainedFor = workDir.resolve("proxy.aot.trained-for");
            String identity = image.identity() + "\n" + AotCacheTraining.WORKLOAD;
            if (Files.isRegularFile(cache) && Files.isRegularFile(trainedFor) && Files.readString(trainedFor).equals(identity)) {
                progress.accept("AOT cache reused for " + name(platform) + " (" + Files.size(cache) / (1024 * 1024)
                        + " MB): the base image, the jars and the flags are those it was trained with" + others);
                return Optional.of(cache);
            }
            Files.deleteIfExists(trainedFor);
            progress.accept("Training the AOT cache on the base image's " + name(platform) + " JVM"
                    + emulator.map(e -> " under " + e.getFileName() + " (emulated: minutes)").orElse("") + others);
            List<String> launcher = emulator.map(e -> Arm64Emulator.command(e, image.root())).orElse(List.of());
            new AotCacheTraining(image, workDir, launcher).train();
            Files.writeString(trainedFor, identity);
            progress.accept("AOT cache made for " + name(platform) + ": " + Files.size(cache) / (1024 * 1024) + " MB");
            return Optional.of(cache);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            progress.accept("No AOT cache: " + e.getMessage() + "; the image starts without one");
            return Optional.empty();
        }
    }

    /**
     * linux/arm64 when the image has it: AgentCore runs only that platform, whatever else the image
     * carries for local runs; else this machine's platform when the image is only for it. QEMU's
     * user-mode emulation, which runs the arm64 JVM elsewhere, exists only on Linux.
     */
    private Optional<Platform> cachePlatform() {
        if (settings.platforms().stream().anyMatch(p -> same(p, ImageSettings.ARM64))) {
            return Optional.of(ImageSettings.ARM64);
        }
        return settings.platforms().stream().allMatch(p -> same(p, host)) ? Optional.of(host) : Optional.empty();
    }

    private static boolean same(Platform a, Platform b) {
        return a.getOs().equals(b.getOs()) && a.getArchitecture().equals(b.getArchitecture());
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
}
