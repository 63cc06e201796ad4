package dev.mcpproxy.cli.image;

import dev.mcpproxy.cli.testing.DebianArm64JreBase;
import dev.mcpproxy.cli.testing.McpProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark (docs/benchmarks/startup.md): cold starts of the linux/arm64 image built on this amd64
 * machine, under QEMU's user-mode emulator, with and without its AOT cache, alternated in one run,
 * from process start to the first proxied {@code tools/list} against the embedded demo upstream;
 * and {@code java -version} of the same JVM as the baseline. Emulated times are many times a
 * Graviton's: only the ratios in one run mean something.
 *
 * <p>Arguments: the proxy's executable jar, a work directory (kept: the trained cache is reused),
 * the number of starts per launch.
 */
public final class Arm64ColdStarts {

    private Arm64ColdStarts() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int starts = Integer.parseInt(args[2]);
        Path emulator = Arm64Emulator.find(Optional.empty(), System.getenv("PATH"))
                .orElseThrow(() -> new IllegalStateException("no qemu-aarch64-static on PATH"));
        Path baseDir = work.resolve("base");
        ImageFileSystem.deleteRecursively(baseDir);
        ImageSettings settings = ImageSettings.defaults("bench", "bench", "bench")
                .withBaseImage(DebianArm64JreBase.build(Files.createDirectories(baseDir)))
                .withPlatforms(List.of(ImageSettings.ARM64));
        Path tar = work.resolve("image.tar");
        new ProxyImageBuilder(settings, work.resolve("cache"), line -> System.err.println("  " + line))
                .build(jar, Optional.empty(), new ImageTarget.Tarball(tar, "mcp-proxy:bench"));
        ImageFileSystem.deleteRecursively(work.resolve("rootfs"));
        ImageFileSystem image = ImageFileSystem.unpack(tar, work.resolve("rootfs"));
        List<String> emulated = Arm64Emulator.command(emulator, image.root());
        List<String> withCache = new ArrayList<>(emulated);
        withCache.addAll(image.onHost(ImageTestSupport.entrypoint(tar)));
        List<String> withoutCache = new ArrayList<>(withCache);
        withoutCache.removeIf(part -> part.startsWith("-XX:AOTCache="));
        List<String> version = new ArrayList<>(withoutCache.subList(0, withoutCache.indexOf("-cp")));
        version.add("-version");

        Map<String, List<Long>> times = new LinkedHashMap<>();
        times.put("image (AOT cache)", new ArrayList<>());
        times.put("without the AOT cache", new ArrayList<>());
        times.put("java -version", new ArrayList<>());
        for (int i = 0; i < starts; i++) {
            // The order flips every round, so a drift in the machine's load hits both launches alike.
            boolean cacheFirst = i % 2 == 0;
            times.get(cacheFirst ? "image (AOT cache)" : "without the AOT cache").add(toolsList(cacheFirst ? withCache : withoutCache));
            times.get(cacheFirst ? "without the AOT cache" : "image (AOT cache)").add(toolsList(cacheFirst ? withoutCache : withCache));
            long start = System.nanoTime();
            new ProcessBuilder(version).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            times.get("java -version").add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf(Locale.ROOT, "emulator %s, %d starts per launch, load average %.1f%n", emulator, starts,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("command: " + String.join(" ", withCache) + " --demo --port PORT");
        for (Map.Entry<String, List<Long>> launch : times.entrySet()) {
            System.out.printf(Locale.ROOT, "%-22s median %6d ms  all %s%n", launch.getKey(), median(launch.getValue()),
                    launch.getValue());
        }
        System.out.printf(Locale.ROOT, "with / without the cache: %.2f%n",
                (double) median(times.get("image (AOT cache)")) / median(times.get("without the AOT cache")));
    }

    /** Milliseconds from process start to the first proxied tools/list answered. */
    private static long toolsList(List<String> entrypoint) throws Exception {
        int port = McpProbe.freePort();
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(List.of("--demo", "--port", String.valueOf(port)));
        long start = System.nanoTime();
        Process proxy = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            McpProbe.toolsList(port, proxy::isAlive, Duration.ofMinutes(10));
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            proxy.destroy();
            proxy.waitFor();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
