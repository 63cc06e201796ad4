package dev.mcpproxy.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cli.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyJarLayoutTest {

    @TempDir
    Path dir;

    @Test
    void putsTheProxysClassesAndRootResourcesInTheApplicationJarAndTheLinuxRestInTheDependencyJar() throws Exception {
        Path jar = TestImages.proxyJar(dir.resolve("proxy-app.jar"), "v1");

        ProxyJarLayout layout = ProxyJarLayout.split(jar, dir.resolve("out"));

        try (JarFile app = new JarFile(layout.applicationJar().toFile());
                JarFile deps = new JarFile(layout.dependenciesJar().toFile())) {
            assertThat(app.stream().map(ZipEntry::getName)).containsExactly("dev/mcpproxy/proxy/Main.class", "logback.xml");
            assertThat(deps.stream().map(ZipEntry::getName)).as("Cedar's macOS and Windows libraries stay out of the image")
                    .containsExactly("META-INF/MANIFEST.MF", "META-INF/services/com.example.Service",
                            "com/example/lib/Library.class", "jne/linux/aarch64/libcedar_java_ffi.so",
                            "jne/linux/x86_64/libcedar_java_ffi.so");
        }
    }

    @Test
    void theSameJarSplitsIntoByteIdenticalJars() throws Exception {
        Path jar = TestImages.proxyJar(dir.resolve("proxy-app.jar"), "v1");

        ProxyJarLayout first = ProxyJarLayout.split(jar, dir.resolve("a"));
        ProxyJarLayout second = ProxyJarLayout.split(jar, dir.resolve("b"));

        assertThat(Files.readAllBytes(second.applicationJar())).isEqualTo(Files.readAllBytes(first.applicationJar()));
        assertThat(Files.readAllBytes(second.dependenciesJar())).isEqualTo(Files.readAllBytes(first.dependenciesJar()));
    }
}
