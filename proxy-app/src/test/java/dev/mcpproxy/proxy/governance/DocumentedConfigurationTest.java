package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mcpproxy.proxy.audit.AuditConfig;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.governance.policy.PolicyConfig;
import dev.mcpproxy.proxy.governance.validation.ValidationConfig;
import dev.mcpproxy.proxy.identity.IdentityConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML examples in docs/governance.md bind to the configuration records (unknown keys rejected) and validate. */
class DocumentedConfigurationTest {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static List<JsonNode> documentedSections() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "governance.md"));
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<JsonNode> sections = new ArrayList<>();
        while (blocks.find()) {
            sections.add(YAML.readTree(blocks.group(1)));
        }
        return sections;
    }

    @Test
    void everyDocumentedSectionBindsAndValidates() throws IOException {
        ConfigProblems problems = new ConfigProblems();
        List<String> seen = new ArrayList<>();
        for (JsonNode section : documentedSections()) {
            section.properties().forEach(entry -> {
                seen.add(entry.getKey());
                try {
                    switch (entry.getKey()) {
                        case "identity" -> YAML.treeToValue(entry.getValue(), IdentityConfig.class).validate("identity", problems);
                        case "policy" -> YAML.treeToValue(entry.getValue(), PolicyConfig.class).validate("policy", problems);
                        case "validation" -> YAML.treeToValue(entry.getValue(), ValidationConfig.class).validate("validation", problems);
                        case "audit" -> YAML.treeToValue(entry.getValue(), AuditConfig.class).validate("audit", problems);
                        default -> problems.add(entry.getKey(), "not a governance section");
                    }
                } catch (IOException e) {
                    problems.add(entry.getKey(), e.getMessage());
                }
            });
        }

        problems.throwIfAny();
        assertThat(seen).containsExactlyInAnyOrder("identity", "policy", "validation", "audit");
    }

    @Test
    void unknownKeysAndModesAreRejected() {
        assertThatThrownBy(() -> YAML.readValue("mode: jwt\ndiscoveryUrll: https://x", IdentityConfig.class))
                .hasMessageContaining("discoveryUrll");
        assertThatThrownBy(() -> YAML.readValue("mode: audit-only", PolicyConfig.class))
                .hasMessageContaining("audit-only");
    }

    @Test
    void absentSectionsTakeTheirDefaults() throws IOException {
        ValidationConfig validation = YAML.readValue("{}", ValidationConfig.class);
        AuditConfig audit = YAML.readValue("{}", AuditConfig.class);
        PolicyConfig policy = YAML.readValue("{}", PolicyConfig.class);

        assertThat(validation.enabled()).isTrue();
        assertThat(validation.outputSchema()).isEqualTo(ValidationConfig.OutputSchemaMode.NONE);
        assertThat(audit.stdout()).isTrue();
        assertThat(audit.queueCapacity()).isEqualTo(10_000);
        assertThat(policy.enabled()).isFalse();
    }
}
