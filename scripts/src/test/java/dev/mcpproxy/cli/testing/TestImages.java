package dev.mcpproxy.cli.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Base images and proxy jars made on this machine, since no public registry is reachable. */
public final class TestImages {

    private TestImages() {}

    private static JibContainerBuilder base(Path workDir) throws Exception {
        Path osRelease = workDir.resolve("os-release");
        Files.writeString(osRelease, "ID=test-base\n");
        return Jib.fromScratch()
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .addEntry(osRelease, AbsoluteUnixPath.get("/etc/os-release"))
                        .build())
                .addEnvironmentVariable("JAVA_HOME", "/usr/lib/jvm/java");
    }

    /** Pushes a two-platform base image to the registry and returns its reference. */
    public static String pushMultiPlatformBase(LoopbackRegistry registry, Path workDir) throws Exception {
        String reference = registry.host() + "/test-base:1";
        base(workDir)
                .addPlatform("arm64", "linux")
                .addPlatform("amd64", "linux")
                .containerize(Containerizer.to(RegistryImage.named(ImageReference.parse(reference)))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(workDir.resolve("cache-base"))
                        .setApplicationLayersCache(workDir.resolve("cache-app")));
        return reference;
    }

    /** Writes a single-platform base image tarball and returns it as a {@code tar://} reference. */
    public static String tarBase(Path workDir) throws Exception {
        Path tar = workDir.resolve("base.tar");
        base(workDir).containerize(Containerizer.to(TarImage.at(tar).named("test-base:1"))
                .setBaseImageLayersCache(workDir.resolve("cache-base"))
                .setApplicationLayersCache(workDir.resolve("cache-app")));
        return "tar://" + tar;
    }

    /** A jar shaped like the proxy's executable jar: its own classes, a library's classes, a root resource. */
    public static Path proxyJar(Path file, String applicationClassContent) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.mcpproxy.proxy.Main");
        Map<String, String> entries = Map.of(
                "dev/mcpproxy/proxy/Main.class", applicationClassContent,
                "com/example/lib/Library.class", "library bytes",
                "META-INF/services/com.example.Service", "com.example.lib.Library",
                "logback.xml", "<configuration/>",
                "jne/linux/x86_64/libcedar_java_ffi.so", "linux library",
                "jne/linux/aarch64/libcedar_java_ffi.so", "linux arm library",
                "jne/macos/aarch64/libcedar_java_ffi.dylib", "macOS library",
                "jne/windows/x86_64/cedar_java_ffi.dll", "Windows library");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (var entry : new java.util.TreeMap<>(entries).entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return file;
    }
}
