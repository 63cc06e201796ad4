package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilitiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void withNoUpstreamTheProxyStillAnnouncesTools() throws Exception {
        assertThat(Capabilities.merge(List.of())).isEqualTo(JSON.readTree("""
                {"tools": {"listChanged": true}}"""));
    }

    @Test
    void theUnionOfTheUpstreamsWithListChangedAndSubscribeWhenAnyUpstreamOffersIt() throws Exception {
        ObjectNode merged = Capabilities.merge(List.of(
                initialized("""
                        {"tools": {}, "resources": {"subscribe": false}, "logging": {}}"""),
                initialized("""
                        {"resources": {"subscribe": true, "listChanged": false}, "prompts": {}, "completions": {},
                         "experimental": {"x": {}}}""")));

        assertThat(merged).isEqualTo(JSON.readTree("""
                {"tools": {"listChanged": true},
                 "resources": {"listChanged": true, "subscribe": true},
                 "logging": {},
                 "prompts": {"listChanged": true},
                 "completions": {}}"""));
    }

    private static ObjectNode initialized(String capabilities) throws Exception {
        ObjectNode result = JSON.createObjectNode().put("protocolVersion", "2025-11-25");
        result.set("capabilities", JSON.readTree(capabilities));
        return result;
    }
}
