package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProtocolErasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LegacyEra legacy = new LegacyEra(JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance::objectNode, null);
    private final ProtocolEras eras = new ProtocolEras(List.of(legacy));

    @Test
    void legacyEraClaimsItsVersionsAndRequestsWithoutAny() throws Exception {
        JsonNode ping = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");

        assertThat(eras.select("2025-06-18", ping)).contains(legacy);
        assertThat(eras.select(null, ping)).contains(legacy);
        assertThat(eras.select("2026-07-28", ping)).isEmpty();
        assertThat(eras.supports("2025-03-26")).isTrue();
        assertThat(eras.supports("2024-11-05")).isFalse();
    }

    @Test
    void aRequestClaimingAModernVersionInItsMetadataIsNotLegacy() throws Exception {
        JsonNode modern = JSON.readTree("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list",
                 "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""");

        assertThat(eras.select(null, modern)).isEmpty();
    }

    @Test
    void onlyTheOldestVersionAllowsBatches() {
        assertThat(legacy.allowsBatch("2025-03-26")).isTrue();
        assertThat(legacy.allowsBatch("2025-06-18")).isFalse();
        assertThat(legacy.allowsBatch("2025-11-25")).isFalse();
    }

    @Test
    void messageVersionComesFromHeaderThenSessionThenTheAssumedDefault() throws Exception {
        JsonNode ping = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        ClientSessionState session = new ClientSessionState() {
            @Override
            public void initialized(String protocolVersion, com.fasterxml.jackson.databind.node.ObjectNode caps,
                                    dev.mcpproxy.proxy.identity.Principal principal) {
            }

            @Override
            public String protocolVersion() {
                return "2025-06-18";
            }
        };

        assertThat(legacy.messageVersion("2025-11-25", session, ping)).isEqualTo("2025-11-25");
        assertThat(legacy.messageVersion(null, session, ping)).isEqualTo("2025-06-18");
        assertThat(legacy.messageVersion(null, null, ping)).isEqualTo("2025-03-26");
    }
}
