package dev.mcpproxy.proxy;

import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.server.SessionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("CRM_URL", "http://crm.internal:3001/mcp",
            "PORT", "9000"));

    @Test
    void readsEverySectionAndSubstitutesEnvironmentVariables() {
        ProxyConfig config = loader.parse("""
                server:
                  host: 127.0.0.1
                  port: ${PORT}
                  sessionMode: stateful
                  allowedOrigins: [https://app.example.com]
                upstreams:
                  - name: crm
                    url: ${CRM_URL}
                    toolPrefix: crm
                    include: ["lookup_*"]
                  - name: docs
                    url: ${DOCS_URL:-http://localhost:3002/mcp}
                federation:
                  separator: "."
                logging:
                  level: debug
                identity:
                  mode: none
                """, "test.yaml").validate();

        assertThat(config.server().port()).isEqualTo(9000);
        assertThat(config.server().sessionMode()).isEqualTo(SessionMode.STATEFUL);
        assertThat(config.server().path()).isEqualTo("/mcp");
        assertThat(config.server().maxRequestBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.upstreams().get(0).url()).isEqualTo("http://crm.internal:3001/mcp");
        assertThat(config.upstreams().get(0).include()).containsExactly("lookup_*");
        assertThat(config.upstreams().get(1).url()).isEqualTo("http://localhost:3002/mcp");
        assertThat(config.federation().separator()).isEqualTo(".");
        assertThat(config.logging().level()).isEqualTo("DEBUG");
        assertThat(config.logging().debugBodies()).isFalse();
    }

    @Test
    void absentSectionsTakeTheirDefaults() {
        ProxyConfig config = loader.parse("""
                identity: {mode: none}
                upstreams: [{name: a, url: 'http://localhost:1/mcp'}]
                """, "t").validate();

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(8000);
        assertThat(config.server().sessionMode()).isEqualTo(SessionMode.STATELESS);
        assertThat(config.server().healthPath()).isEqualTo("/health");
        assertThat(config.policy().enabled()).isFalse();
        assertThat(config.rateLimits().buckets()).isEmpty();
        assertThat(config.pii().enabled()).isTrue();
        assertThat(config.audit().enabled()).isTrue();
    }

    @Test
    void aFileMustSayWhetherCallersAreAuthenticated() {
        ProxyConfig config = loader.parse("upstreams: [{name: a, url: 'http://localhost:1/mcp'}]", "t");

        assertThatThrownBy(config::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("identity.mode: must be set explicitly");
    }

    @Test
    void governanceSectionsAreValidatedWithTheirFullKeys() {
        ProxyConfig config = loader.parse("""
                identity: {mode: jwt}
                upstreams:
                  - name: a
                    url: 'http://localhost:1/mcp'
                    auth: {type: oauth2}
                    resilience: {maxConcurrent: 0}
                rateLimits:
                  buckets: [{name: b, keyBy: [principal], rate: 0, periodSeconds: 60}]
                audit: {queueCapacity: 0}
                pii: {phoneRegion: XX}
                """, "t");

        assertThatThrownBy(config::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("identity.issuer")
                .hasMessageContaining("upstreams[0].auth")
                .hasMessageContaining("upstreams[0].resilience")
                .hasMessageContaining("rateLimits.buckets[0]")
                .hasMessageContaining("audit.queueCapacity")
                .hasMessageContaining("pii.phoneRegion");
    }

    @Test
    void policyDecisionCacheSizeIsReadAndValidated() {
        String policy = """
                identity: {mode: none}
                upstreams: [{name: a, url: 'http://localhost:1/mcp'}]
                policy: {enabled: true, policies: [p.cedar], schema: s.cedarschema, decisionCacheSize: %s}
                """;
        assertThat(loader.parse(policy.formatted("0"), "t").validate().policy().decisionCacheSize()).isZero();
        assertThatThrownBy(loader.parse(policy.formatted("-1"), "t")::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("policy.decisionCacheSize");
    }

    @Test
    void substitutedNumbersAndBooleansBindToTheirTypes() {
        ProxyConfig config = new ConfigLoader(Map.of("RPM", "1200", "BURST", "200", "SCAN", "true")).parse("""
                upstreams: [{name: a, url: 'http://localhost:1/mcp'}]
                identity: {mode: none}
                pii: {scanNumbers: "${SCAN}"}
                rateLimits:
                  buckets: [{name: all, rate: "${RPM}", periodSeconds: 60, burst: "${BURST:-50}"}]
                """, "t").validate();

        assertThat(config.rateLimits().buckets().getFirst().rate()).isEqualTo(1200L);
        assertThat(config.rateLimits().buckets().getFirst().burst()).isEqualTo(200L);
        assertThat(config.pii().scanNumbers()).isTrue();
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RPM", "many")).parse(
                "rateLimits: {buckets: [{name: all, rate: '${RPM}'}]}", "t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rateLimits.buckets[0].rate");
    }

    @Test
    void unknownKeyIsRejectedWithItsFullKey() {
        assertThatThrownBy(() -> loader.parse("""
                upstreams:
                  - name: a
                    url: http://localhost:1/mcp
                    timeout: 5
                """, "t"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("upstreams[0].timeout: unknown key");
        assertThatThrownBy(() -> loader.parse("sever: {port: 1}", "t")).hasMessageContaining("sever: unknown key");
    }

    @Test
    void wrongTypeNamesTheKey() {
        assertThatThrownBy(() -> loader.parse("server: {port: eighty}", "t"))
                .hasMessageContaining("server.port: 'eighty' is not a valid integer");
        assertThatThrownBy(() -> loader.parse("server: {sessionMode: sometimes}", "t"))
                .hasMessageContaining("server.sessionMode");
    }

    @Test
    void missingEnvironmentVariableNamesTheKeyAndTheVariable() {
        assertThatThrownBy(() -> loader.parse("upstreams: [{name: a, url: '${NOT_SET}'}]", "t"))
                .hasMessageContaining("upstreams[0].url: environment variable NOT_SET is not set");
    }

    @Test
    void validationReportsEveryProblemWithItsKey() {
        ConfigException problems = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> loader.parse("""
                server:
                  port: 70000
                  path: mcp
                  maxRequestBytes: 10
                  allowedOrigins: ["not an origin"]
                upstreams:
                  - name: a
                    url: ftp://x
                  - name: a
                    url: http://localhost:2/mcp
                logging:
                  level: loud
                """, "t").validate());

        assertThat(problems.problems()).anyMatch(p -> p.startsWith("server.port:"))
                .anyMatch(p -> p.startsWith("server.path:"))
                .anyMatch(p -> p.startsWith("server.maxRequestBytes:"))
                .anyMatch(p -> p.startsWith("server.allowedOrigins[0]:"))
                .anyMatch(p -> p.startsWith("upstreams[0].url:"))
                .anyMatch(p -> p.startsWith("upstreams[1].name:"))
                .anyMatch(p -> p.startsWith("logging.level:"));
    }

    @Test
    void noUpstreamIsAProblem() {
        assertThatThrownBy(() -> loader.parse("", "t").validate()).hasMessageContaining("upstreams:");
    }

    @Test
    void missingFileAndInvalidYamlAreReported(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "server: [unclosed");

        assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml"))).hasMessageContaining("file not found");
        assertThatThrownBy(() -> loader.load(broken)).hasMessageContaining("not valid YAML");
    }
}
