package dev.mcpproxy.proxy;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's Main-Class: loadable by any Java from 8 on, a clear message below 21, {@code Main} from 21 on. */
class LauncherTest {

    @Test
    void isCompiledForJava8SoAnOlderJavaLoadsIt() throws Exception {
        try (InputStream in = Launcher.class.getResourceAsStream("Launcher.class");
             DataInputStream classFile = new DataInputStream(in)) {
            assertThat(classFile.readInt()).isEqualTo(0xCAFEBABE);
            classFile.readUnsignedShort();
            assertThat(classFile.readUnsignedShort()).as("class file major version").isEqualTo(52);
        }
    }

    @Test
    void anOlderJavaIsToldWhatToRunInstead() {
        String problem = Launcher.problem("17", "/usr/lib/jvm/java-17-openjdk-amd64");

        assertThat(problem).contains("needs Java 21 or newer", "this java is Java 17",
                "/usr/lib/jvm/java-17-openjdk-amd64", "scripts/mcp-proxy local",
                "\"$(bin/find-jdk)/bin/java\" -jar proxy-app/target/proxy-app.jar");
        assertThat(Launcher.problem("1.8", "/opt/jre8")).contains("this java is Java 1.8");
        assertThat(Launcher.problem("20", "/opt/jdk20")).isNotNull();
    }

    @Test
    void java21AndNewerPass() {
        assertThat(Launcher.problem("21", "/opt/jdk21")).isNull();
        assertThat(Launcher.problem("25", "/opt/jdk25")).isNull();
        assertThat(Launcher.problem(System.getProperty("java.specification.version"), "here")).isNull();
    }

    @Test
    void handsOverToMainWithItsArgumentsAndExitStatus() throws Exception {
        assertThat(run("--help")).startsWith("0:").contains(CommandLine.USAGE);
        assertThat(run("--bogus")).startsWith("2:").contains("unknown option --bogus");
    }

    private static String run(String argument) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), argument)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }
}
