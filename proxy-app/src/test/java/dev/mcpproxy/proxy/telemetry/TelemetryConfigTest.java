package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.proxy.ConfigLoader;
import dev.mcpproxy.proxy.ProxyConfig;
import dev.mcpproxy.proxy.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryConfigTest {
    private static final String UPSTREAM = """
            identity: {mode: none}
            upstreams:
              - name: crm
                url: http://127.0.0.1:9000/mcp
            """;

    private static ProxyConfig load(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(Map.of()).load(file);
    }

    @Test
    void absentSectionTakesTheDefaults() {
        TelemetryConfig config = ProxyConfig.DEFAULTS.telemetry();

        assertThat(config.metrics().enabled()).isTrue();
        assertThat(config.metrics().namespace()).isEqualTo("AgentCoreMcpProxy");
        assertThat(config.metrics().flushSeconds()).isEqualTo(60);
        assertThat(config.metrics().maxDimensionValues()).isEqualTo(100);
        assertThat(config.tracing().enabled()).isTrue();
        assertThat(config.tracing().serviceName()).isEqualTo("agentcore-mcp-proxy");
        assertThat(config.tracing().localExporter()).isEqualTo("none");
    }

    @Test
    void theDocumentedExampleBinds(@TempDir Path dir) throws Exception {
        ProxyConfig config = load(dir, UPSTREAM + """
                telemetry:
                  metrics:
                    namespace: McpProxy
                    flushSeconds: 30
                    dimensions:
                      Environment: prod
                    maxDimensionValues: 200
                  tracing:
                    serviceName: mcp-proxy-prod
                    localExporter: logging
                """).validate();

        assertThat(config.telemetry().metrics().dimensions()).containsExactly(Map.entry("Environment", "prod"));
        assertThat(config.telemetry().metrics().flushSeconds()).isEqualTo(30);
        assertThat(config.telemetry().tracing().localExporter()).isEqualTo("logging");
    }

    @Test
    void everyProblemNamesItsFullKey(@TempDir Path dir) throws Exception {
        ProxyConfig config = load(dir, UPSTREAM + """
                telemetry:
                  metrics:
                    namespace: AWS/Bedrock
                    flushSeconds: 0
                    dimensions:
                      Tool: fixed
                    maxDimensionValues: 0
                  tracing:
                    serviceName: " "
                    localExporter: otlp
                """);

        assertThatThrownBy(config::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("telemetry.metrics.namespace: ")
                .hasMessageContaining("telemetry.metrics.flushSeconds: must be between 1 and 3600")
                .hasMessageContaining("telemetry.metrics.dimensions.Tool: is a dimension the proxy sets itself")
                .hasMessageContaining("telemetry.metrics.maxDimensionValues: must be between 1 and 10000")
                .hasMessageContaining("telemetry.tracing.serviceName: must not be blank")
                .hasMessageContaining("telemetry.tracing.localExporter: must be none or logging");
    }

    @Test
    void theDeploymentEnvironmentIsTheDefaultFixedDimension() {
        MetricsConfig unset = MetricsConfig.DEFAULTS;
        MetricsConfig configured = new MetricsConfig(null, null, null, Map.of("Stage", "blue"), null);

        assertThat(unset.withDefaultEnvironment("prod").dimensions()).containsExactly(Map.entry("Environment", "prod"));
        assertThat(unset.withDefaultEnvironment(null).dimensions()).isEmpty();
        assertThat(configured.withDefaultEnvironment("prod").dimensions()).containsExactly(Map.entry("Stage", "blue"));
    }

    @Test
    void unknownKeysAreRejected(@TempDir Path dir) {
        assertThatThrownBy(() -> load(dir, """
                telemetry:
                  metrics:
                    namspace: typo
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("namspace");
    }
}
