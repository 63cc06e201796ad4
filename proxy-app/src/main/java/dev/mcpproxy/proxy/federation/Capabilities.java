package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The server capabilities the proxy announces, merged from its upstreams'. */
public final class Capabilities {

    private Capabilities() {
    }

    /**
     * The union of the upstreams' capabilities, with {@code listChanged} set because the proxy
     * itself tells clients about changes. {@code tools} is always present so a client that
     * connects while every upstream is down still learns about tools later.
     *
     * @param initializeResults the {@code initialize} results of the upstreams that answered one
     */
    public static ObjectNode merge(List<ObjectNode> initializeResults) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.putObject("tools").put("listChanged", true);
        for (ObjectNode result : initializeResults) {
            JsonNode capabilities = result.path("capabilities");
            for (String listed : List.of("resources", "prompts")) {
                if (capabilities.has(listed)) {
                    ObjectNode capability = merged.has(listed) ? (ObjectNode) merged.get(listed)
                            : merged.putObject(listed).put("listChanged", true);
                    if (capabilities.path(listed).path("subscribe").asBoolean(false)) {
                        capability.put("subscribe", true);
                    }
                }
            }
            for (String plain : List.of("logging", "completions")) {
                if (capabilities.has(plain) && !merged.has(plain)) {
                    merged.putObject(plain);
                }
            }
        }
        return merged;
    }
}
