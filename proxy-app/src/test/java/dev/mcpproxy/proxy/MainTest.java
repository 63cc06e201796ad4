package dev.mcpproxy.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MainTest {

    @Test
    void flagsAddUpstreamsAndOverrideThePort() {
        CommandLine commandLine = CommandLine.parse(new String[]{"--upstream", "crm=http://localhost:3001/mcp",
                "--upstream=docs=http://localhost:3002/mcp", "--port", "9100"});

        ProxyConfig config = Main.configuration(commandLine, Map.of(), null).validate();

        assertThat(config.upstreams()).extracting(u -> u.name() + "=" + u.url())
                .containsExactly("crm=http://localhost:3001/mcp", "docs=http://localhost:3002/mcp");
        assertThat(config.server().port()).isEqualTo(9100);
    }

    @Test
    void configFileComesFromTheEnvironmentWhenNoFlagNamesOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("proxy.yaml"), """
                server: {port: 8123}
                identity: {mode: none}
                upstreams: [{name: a, url: 'http://localhost:1/mcp'}]
                """);

        ProxyConfig config = Main.configuration(CommandLine.parse(new String[0]),
                Map.of("MCP_PROXY_CONFIG", file.toString()), null).validate();

        assertThat(config.server().port()).isEqualTo(8123);
    }

    @Test
    void libraryDefaultsYieldToPropertiesGivenOnTheCommandLine() {
        String keepAlive = "jdk.httpclient.keepalive.timeout";
        String padding = "org.eclipse.jetty.util.referencesPerCacheLine";
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty(keepAlive, "9");
            System.clearProperty(padding);

            Main.setLibraryDefaults();

            assertThat(System.getProperty(keepAlive)).isEqualTo("9");
            assertThat(System.getProperty(padding)).isEqualTo("16");
            System.clearProperty(keepAlive);
            Main.setLibraryDefaults();
            assertThat(System.getProperty(keepAlive)).isEqualTo("4");
        } finally {
            System.setProperties(saved);
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"--upstream", "no-equals-sign"}))
                .hasMessageContaining("NAME=URL");
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"--port", "x"})).hasMessageContaining("--port");
        assertThatThrownBy(() -> CommandLine.parse(new String[]{"--verbose"})).hasMessageContaining("--verbose");
    }

    @Test
    void invalidConfigurationExitsWithStatus2BeforeListening(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("proxy.yaml"), """
                server: {port: 8124, shutdownGraceSeconds: -1}
                upstreams: [{name: a, url: 'not a url'}]
                """);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(new String[]{"--config", file.toString()}, Map.of());
        } finally {
            System.setErr(originalErr);
        }

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("server.shutdownGraceSeconds: must not be negative")
                .contains("upstreams[0].url: must be an absolute http(s) URL");
    }

    @Test
    void aPortInUseFailsTheStartWithStatus1() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int status = Main.run(new String[]{"--upstream", "absent=http://127.0.0.1:9/mcp",
                    "--port", Integer.toString(busy.getLocalPort())}, Map.of());

            assertThat(status).isEqualTo(1);
        }
    }

    @Test
    void withoutUpstreamsTheProxyRefusesToStart() {
        assertThat(Main.run(new String[0], Map.of())).isEqualTo(2);
    }
}
