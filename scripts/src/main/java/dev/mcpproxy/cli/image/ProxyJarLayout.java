package dev.mcpproxy.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Splits the proxy's executable (shaded) jar into two jars: the proxy's own classes and resources,
 * and everything from its dependencies. They become two image layers, so a change to the proxy's
 * code changes only the small application layer, and the large dependency layer is reused. Cedar's
 * macOS and Windows native libraries stay out of the image.
 *
 * <p>Both jars are written with sorted entries and fixed timestamps so the same input jar gives
 * byte-identical outputs, which keeps the image digest reproducible.
 */
public final class ProxyJarLayout {

    /** Entries under this prefix, and resources at the jar's root, are the proxy's own. */
    static final String APPLICATION_PACKAGE = "dev/mcpproxy/";
    /**
     * Cedar's native libraries for systems the image never runs (it is linux/amd64 and linux/arm64):
     * about 19 MiB the image leaves out, while the jar keeps them so that local runs work everywhere.
     */
    static final List<String> FOREIGN_NATIVE_LIBRARIES = List.of("jne/macos/", "jne/windows/");
    /** A local date-time, not an instant: the zip DOS time would otherwise depend on the time zone. */
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final Path applicationJar;
    private final Path dependenciesJar;

    private ProxyJarLayout(Path applicationJar, Path dependenciesJar) {
        this.applicationJar = applicationJar;
        this.dependenciesJar = dependenciesJar;
    }

    public Path applicationJar() {
        return applicationJar;
    }

    public Path dependenciesJar() {
        return dependenciesJar;
    }

    public static ProxyJarLayout split(Path executableJar, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path application = workDir.resolve("proxy-app.jar");
        Path dependencies = workDir.resolve("dependencies.jar");
        try (JarFile jar = new JarFile(executableJar.toFile());
                JarOutputStream app = new JarOutputStream(Files.newOutputStream(application));
                JarOutputStream deps = new JarOutputStream(Files.newOutputStream(dependencies))) {
            List<JarEntry> entries = new ArrayList<>(jar.stream().filter(e -> !e.isDirectory()).toList());
            entries.sort(Comparator.comparing(ZipEntry::getName));
            for (JarEntry entry : entries) {
                if (isForeignNativeLibrary(entry.getName())) {
                    continue;
                }
                copy(jar, entry, isApplicationEntry(entry.getName()) ? app : deps);
            }
        }
        return new ProxyJarLayout(application, dependencies);
    }

    static boolean isForeignNativeLibrary(String name) {
        return FOREIGN_NATIVE_LIBRARIES.stream().anyMatch(name::startsWith);
    }

    static boolean isApplicationEntry(String name) {
        return name.startsWith(APPLICATION_PACKAGE) || (!name.contains("/") && !name.endsWith(".class"));
    }

    private static void copy(JarFile jar, JarEntry entry, JarOutputStream target) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTimeLocal(FIXED_TIME);
        target.putNextEntry(copy);
        try (InputStream in = jar.getInputStream(entry)) {
            in.transferTo((OutputStream) target);
        }
        target.closeEntry();
    }
}
