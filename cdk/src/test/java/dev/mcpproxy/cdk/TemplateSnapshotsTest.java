package dev.mcpproxy.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateSnapshotsTest {
    @Test
    void assetHashesAreNormalizedAndKeysSorted() {
        JsonNode normalized = TemplateSnapshots.normalize(Map.of(
                "b", Map.of("S3Key", "9b8fce7ae7f25ef82fdbaf6b72523b99d0875c0c9c826642819fb51f11d9b125.zip"),
                "a", "sha256:" + "ab".repeat(32)));

        assertThat(normalized.toString())
                .isEqualTo("{\"a\":\"sha256:" + "ab".repeat(32) + "\",\"b\":{\"S3Key\":\"<asset-hash>.zip\"}}");
    }

    @Test
    void differencesNameThePathWithOldAndNewValues() {
        JsonNode snapshot = TemplateSnapshots.normalize(Map.of("Resources", Map.of("Log", Map.of("Retention", 30)),
                "Outputs", List.of("a", "b")));
        JsonNode current = TemplateSnapshots.normalize(Map.of("Resources", Map.of("Log", Map.of("Retention", 90)),
                "Outputs", List.of("a")));

        assertThat(TemplateSnapshots.differences(snapshot, current)).containsExactly(
                "$.Outputs[1]: snapshot \"b\", now (absent)",
                "$.Resources.Log.Retention: snapshot 30, now 90");
    }
}
