package dev.mcpproxy.cli.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.mcpproxy.contracts.EnvironmentFiles;
import dev.mcpproxy.contracts.ProxyContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds the proxy's container image with Jib: no Docker daemon, no Dockerfile.
 *
 * <p>Docker manifest format: Jib writes multi-platform indexes only as Docker manifest lists,
 * which ECR and AgentCore accept. Layout: {@code /app/lib/dependencies.jar} (large, rarely changes) below
 * {@code /app/proxy-app.jar} (small, changes with every code change), then the AOT cache when
 * one could be made ({@link AotCacheStep}). The JVM runs as an unprivileged user and exits on
 * out-of-memory so the platform replaces the microVM instead of serving from a broken JVM.
 *
 * <p>Heap and GC are chosen for AgentCore's microVM (2 vCPUs, up to 8 GB, one agent session
 * each; docs/benchmarks/startup.md has the measurements): the serial collector, because one
 * session's traffic leaves a small live set, and concurrent GC threads would compete with the
 * requests for two vCPUs; the heap starts at the JVM's default and may grow to 75 % of the
 * microVM's memory. With G1 and the heap starting at half the memory, as before, the resident
 * set reached 2.2-2.6 GB under the benchmark's load; now about 180 MB.
 */
public final class ProxyImageBuilder {

    public static final int PORT = ProxyContainer.PORT;
    public static final String USER = "1000:1000";
    public static final String MAIN_CLASS = ProxyContainer.MAIN_CLASS;
    static final AbsoluteUnixPath APP_DIR = AbsoluteUnixPath.get(ProxyContainer.APP_DIR);
    static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            // Request threads run on the HTTP selectors (the proxy's background.InlineVirtualThreads).
            "--add-opens=java.base/java.lang=ALL-UNNAMED");
    static final AbsoluteUnixPath AOT_CACHE = APP_DIR.resolve("proxy.aot");
    private static final Instant LAYER_TIME = Instant.ofEpochSecond(1);

    private final ImageSettings settings;
    private final Path cacheDir;
    private final Consumer<String> progress;

    /**
     * @param cacheDir Jib's base-image and application layer caches (kept between runs)
     * @param progress receives short human-readable progress lines
     */
    public ProxyImageBuilder(ImageSettings settings, Path cacheDir, Consumer<String> progress) {
        this.settings = settings;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /** @param aotCache whether the image carries the AOT cache ({@code -XX:AOTCache}: JDK 25+ only) */
    public static List<String> entrypoint(boolean aotCache) {
        List<String> entrypoint = new java.util.ArrayList<>();
        entrypoint.add("java");
        entrypoint.addAll(JVM_FLAGS);
        if (aotCache) {
            // AOTMode stays at its default, auto: a cache that does not match the JVM (another build,
            // another architecture, changed jars) is reported in a few log lines and then ignored.
            entrypoint.add("-XX:AOTCache=" + AOT_CACHE);
        }
        entrypoint.addAll(List.of(
                "-cp", APP_DIR.resolve("proxy-app.jar") + ":" + APP_DIR.resolve("lib/dependencies.jar"),
                MAIN_CLASS));
        return List.copyOf(entrypoint);
    }

    /**
     * Builds the image from the proxy's executable jar and writes it to {@code target}.
     *
     * @param environments the project's {@code cdk/environments/}: each environment's proxy
     *     configuration goes to {@code /app/environments/<env>/}, where the runtime's
     *     {@code MCP_PROXY_CONFIG} points (the {@code environment.yaml} deployment definitions stay out)
     */
    public BuiltImage build(Path executableJar, Optional<Path> environments, ImageTarget target) throws ImageBuildException {
        try {
            ProxyJarLayout layout = ProxyJarLayout.split(executableJar, cacheDir.resolve("layout"));
            Optional<Path> aotCache = new AotCacheStep(settings, cacheDir.resolve("aot"), progress,
                    (platform, tarball) -> applicationOn(settings.baseImage(), Set.of(platform), layout)
                            .containerize(configured(Containerizer.to(TarImage.at(tarball).named("mcp-proxy-aot-training")),
                                    referenceOf(target)))).make();
            JibContainerBuilder container = containerFor(layout, aotCache);
            if (environments.isPresent()) {
                container.addFileEntriesLayer(environmentsLayer(environments.get()));
            }
            Containerizer containerizer = configured(containerizerFor(target), referenceOf(target));
            JibContainer result = container.containerize(containerizer);
            return new BuiltImage(referenceOf(target), result.getDigest().toString());
        } catch (InvalidImageReferenceException e) {
            throw new ImageBuildException("not a valid image reference: " + e.getInvalidReference(), e);
        } catch (RegistryException e) {
            throw new ImageBuildException("the registry refused the image: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ImageBuildException("image build failed: " + cause.getMessage(), cause);
        } catch (IOException | CacheDirectoryCreationException e) {
            throw new ImageBuildException("image build failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageBuildException("image build interrupted", e);
        }
    }

    private Containerizer configured(Containerizer containerizer, String targetReference) {
        return containerizer
                .setBaseImageLayersCache(cacheDir.resolve("base"))
                .setApplicationLayersCache(cacheDir.resolve("application"))
                .setAllowInsecureRegistries(isLoopback(settings.baseImage()) || isLoopback(targetReference))
                .setToolName("mcp-proxy-cli")
                .addEventHandler(com.google.cloud.tools.jib.api.LogEvent.class, event -> {
                    if (event.getLevel() == com.google.cloud.tools.jib.api.LogEvent.Level.LIFECYCLE) {
                        progress.accept(event.getMessage());
                    }
                });
    }

    private JibContainerBuilder containerFor(ProxyJarLayout layout, Optional<Path> aotCache)
            throws InvalidImageReferenceException {
        JibContainerBuilder container = applicationOn(settings.baseImage(), settings.platformSet(), layout);
        if (aotCache.isPresent()) {
            container.addFileEntriesLayer(layer("aot-cache", aotCache.get(), "proxy.aot"));
        }
        return container.setEntrypoint(entrypoint(aotCache.isPresent())).setLabels(settings.labels());
    }

    /** The base image with the proxy's jars, as the image and the cache's training run both have them. */
    static JibContainerBuilder applicationOn(String baseImage, Set<Platform> platforms,
            ProxyJarLayout layout) throws InvalidImageReferenceException {
        return Jib.from(baseImage)
                .setPlatforms(platforms)
                .setFormat(ImageFormat.Docker)
                .addFileEntriesLayer(layer("dependencies", layout.dependenciesJar(), "lib/dependencies.jar"))
                .addFileEntriesLayer(layer("application", layout.applicationJar(), "proxy-app.jar"))
                .setEntrypoint(entrypoint(false))
                .setProgramArguments(List.of())
                .setWorkingDirectory(APP_DIR)
                .setExposedPorts(Port.tcp(PORT))
                .setUser(USER)
                .setCreationTime(Instant.EPOCH);
    }

    /** On top: configuration changes more often than code, and this layer is tiny. */
    private static FileEntriesLayer environmentsLayer(Path environments) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("environments");
        try (Stream<Path> files = Files.walk(environments)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (!file.getFileName().toString().equals(EnvironmentFiles.DEFINITION)) {
                    String relative = environments.relativize(file).toString().replace('\\', '/');
                    layer.addEntry(file, AbsoluteUnixPath.get(ProxyContainer.ENVIRONMENTS_DIR).resolve(relative),
                            FilePermissions.fromOctalString("644"), LAYER_TIME);
                }
            }
        }
        return layer.build();
    }

    private static FileEntriesLayer layer(String name, Path file, String pathInApp) {
        return FileEntriesLayer.builder()
                .setName(name)
                .addEntry(file, APP_DIR.resolve(pathInApp), FilePermissions.fromOctalString("644"), LAYER_TIME)
                .build();
    }

    private static Containerizer containerizerFor(ImageTarget target) throws InvalidImageReferenceException {
        return switch (target) {
            case ImageTarget.Registry registry -> {
                RegistryImage image = RegistryImage.named(ImageReference.parse(registry.reference()));
                registry.credential().ifPresent(c -> image.addCredential(c.username(), c.password()));
                yield Containerizer.to(image);
            }
            case ImageTarget.Tarball tarball ->
                    Containerizer.to(TarImage.at(tarball.file()).named(ImageReference.parse(tarball.reference())));
        };
    }

    private static String referenceOf(ImageTarget target) {
        return switch (target) {
            case ImageTarget.Registry registry -> registry.reference();
            case ImageTarget.Tarball tarball -> tarball.reference();
        };
    }

    /** Plain-HTTP registries are allowed only on this machine (a registry used for tests or a mirror). */
    static boolean isLoopback(String reference) {
        String withoutScheme = reference.replaceFirst("^[a-z]+://", "");
        return withoutScheme.startsWith("localhost:") || withoutScheme.startsWith("127.0.0.1:")
                || withoutScheme.startsWith("localhost/") || withoutScheme.startsWith("127.0.0.1/");
    }
}
