package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamConfigTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsFromYamlWithDefaultsForAbsentValues() throws Exception {
        UpstreamConfig config = YAML.readValue("""
                name: crm
                url: http://localhost:3001/mcp
                toolPrefix: crm
                exclude: [delete-*]
                """, UpstreamConfig.class);

        assertThat(config.required()).isFalse();
        assertThat(config.connectTimeoutMs()).isEqualTo(UpstreamConfig.DEFAULT_CONNECT_TIMEOUT_MS);
        assertThat(config.requestTimeoutMs()).isEqualTo(UpstreamConfig.DEFAULT_REQUEST_TIMEOUT_MS);
        assertThat(config.maxResponseBytes()).isEqualTo(UpstreamConfig.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(config.include()).isEmpty();
        assertThat(config.exclude()).containsExactly("delete-*");
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> YAML.readValue("name: a\nurl: http://h/mcp\ntimeout: 5\n", UpstreamConfig.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void everyProblemNamesItsFullKey() {
        ConfigProblems problems = new ConfigProblems();
        UpstreamConfig.validateAll("upstreams", List.of(
                UpstreamConfig.of("ok", "http://h/mcp"),
                new UpstreamConfig("bad name", "ftp://h", null, 0, -1, 10L, "no spaces", List.of("a b"), null, null, null,
                        "2024-11-05"),
                UpstreamConfig.of("ok", "https://other/mcp")), problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "upstreams[1].name: must be 1-64 characters of letters, digits, '_' or '-'",
                        "upstreams[1].url: must be an absolute http(s) URL",
                        "upstreams[1].connectTimeoutMs: must be positive",
                        "upstreams[1].requestTimeoutMs: must be positive",
                        "upstreams[1].maxResponseBytes: must be at least 1024",
                        "upstreams[1].toolPrefix: must be 1-32 characters of letters, digits, '_', '.' or '-'",
                        "upstreams[1].include[0]: must be a glob of tool-name characters, '*' and '?'",
                        "upstreams[1].protocol: must be one of auto, 2026-07-28, 2025-11-25, 2025-06-18, 2025-03-26",
                        "upstreams[2].name: duplicate upstream name 'ok'"));
    }

    @Test
    void atLeastOneUpstreamIsRequired() {
        ConfigProblems problems = new ConfigProblems();
        UpstreamConfig.validateAll("upstreams", List.of(), problems);

        assertThatThrownBy(problems::throwIfAny).hasMessageContaining("upstreams: at least one upstream is required");
    }
}
