package dev.mcpproxy.cli.image;

import dev.mcpproxy.cli.testing.LocalJreBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Benchmark fixture (docs/benchmarks/startup.md): builds the proxy image for this machine's
 * platform from a JDK 25 base made of the running JDK ({@link LocalJreBase}), unpacks it and writes
 * the image's entrypoint as launch files for {@code ProxyLoadBenchmark --launch}: as the image runs
 * it ({@code image.launch}) and the same without the AOT cache ({@code image-without-aot-cache.launch}).
 *
 * <p>Arguments: the proxy's executable jar, an empty work directory.
 */
public final class ImageLaunchFiles {

    private ImageLaunchFiles() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        ImageSettings settings = ImageSettings.defaults("bench", "bench", "bench")
                .withBaseImage(LocalJreBase.build(Files.createDirectories(work.resolve("base"))))
                .withPlatforms(List.of(AotCacheStep.hostPlatform()));
        Path tar = work.resolve("image.tar");
        new ProxyImageBuilder(settings, work.resolve("cache"), line -> System.err.println("  " + line))
                .build(jar, Optional.empty(), new ImageTarget.Tarball(tar, "mcp-proxy:bench"));
        ImageFileSystem image = ImageFileSystem.unpack(tar, work.resolve("rootfs"));
        List<String> entrypoint = ImageTestSupport.entrypoint(tar);
        List<String> withCache = image.onHost(entrypoint);
        List<String> withoutCache = new ArrayList<>(withCache);
        withoutCache.removeIf(part -> part.startsWith("-XX:AOTCache="));
        Files.write(work.resolve("image.launch"), withCache);
        Files.write(work.resolve("image-without-aot-cache.launch"), withoutCache);
        System.out.println(work.resolve("image.launch") + "\n" + work.resolve("image-without-aot-cache.launch"));
    }
}
