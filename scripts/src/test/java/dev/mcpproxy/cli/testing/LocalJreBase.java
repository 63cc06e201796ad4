package dev.mcpproxy.cli.testing;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A linux/amd64 JRE base image made on this machine (no registry is reachable): a jlink runtime
 * of the running JDK at /opt/java plus the shared libraries it links against, copied from the host.
 * Like the JDKs of real base images it carries the default CDS archive of the JDK's own classes.
 */
public final class LocalJreBase {

    private static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "java.naming",
            "java.net.http", "java.sql", "java.xml", "java.desktop", "jdk.unsupported", "jdk.crypto.ec",
            "java.security.jgss", "java.instrument");
    private static final Pattern LIBRARY = Pattern.compile("(/[^ ]+\\.so[^ ]*)");

    private LocalJreBase() {}

    /** @return a {@code tar://} base image reference, the runtime made of the running JDK */
    public static String build(Path workDir) throws Exception {
        return build(workDir, Path.of(System.getProperty("java.home")));
    }

    /** @return a {@code tar://} base image reference, the runtime made of the JDK at {@code javaHome} */
    public static String build(Path workDir, Path javaHome) throws Exception {
        Path rootfs = Files.createDirectories(workDir.resolve("rootfs"));
        run(List.of(javaHome.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--generate-cds-archive", "--output", rootfs.resolve("opt/java").toString()));
        for (String library : linkedLibraries(rootfs.resolve("opt/java"))) {
            Path target = rootfs.resolve(library.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(library), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(rootfs.resolve("tmp"));
        Path tar = workDir.resolve("jre-base.tar");
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("jre");
        // One entry per top-level directory: Jib cannot add "/" itself.
        try (Stream<Path> topLevel = Files.list(rootfs)) {
            for (Path child : topLevel.sorted().toList()) {
                layer.addEntryRecursive(child, AbsoluteUnixPath.get("/" + child.getFileName()), LocalJreBase::permissions,
                        (source, target) -> Instant.ofEpochSecond(1));
            }
        }
        Jib.fromScratch()
                .addFileEntriesLayer(layer.build())
                .addEnvironmentVariable("JAVA_HOME", "/opt/java")
                .addEnvironmentVariable("PATH", "/opt/java/bin:/usr/bin:/bin")
                .containerize(Containerizer.to(TarImage.at(tar).named("local-jre:test"))
                        .setBaseImageLayersCache(workDir.resolve("cache-base"))
                        .setApplicationLayersCache(workDir.resolve("cache-app")));
        return "tar://" + tar;
    }

    private static FilePermissions permissions(Path source, AbsoluteUnixPath target) {
        return Files.isDirectory(source) || Files.isExecutable(source)
                ? FilePermissions.fromOctalString("755") : FilePermissions.fromOctalString("644");
    }

    /** What ldd says the runtime's executables and libraries need from the host (glibc and friends). */
    private static TreeSet<String> linkedLibraries(Path runtime) throws Exception {
        List<Path> binaries = new ArrayList<>();
        binaries.add(runtime.resolve("bin/java"));
        try (Stream<Path> libraries = Files.walk(runtime.resolve("lib"))) {
            libraries.filter(path -> path.toString().endsWith(".so")).forEach(binaries::add);
        }
        TreeSet<String> needed = new TreeSet<>();
        for (Path binary : binaries) {
            Matcher matcher = LIBRARY.matcher(run(List.of("ldd", binary.toString())));
            while (matcher.find()) {
                if (!matcher.group(1).startsWith(runtime.toString()) && !matcher.group(1).contains("/opt/java/")) {
                    needed.add(matcher.group(1));
                }
            }
        }
        return needed;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
