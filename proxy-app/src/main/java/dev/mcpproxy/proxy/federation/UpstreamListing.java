package dev.mcpproxy.proxy.federation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.EnumMap;
import java.util.Map;

/** Everything one upstream listed, all pages joined, exactly as it sent the items. */
public record UpstreamListing(String upstream, Map<ListKind, ArrayNode> items) {

    public UpstreamListing {
        EnumMap<ListKind, ArrayNode> complete = new EnumMap<>(ListKind.class);
        for (ListKind kind : ListKind.values()) {
            ArrayNode listed = items.get(kind);
            complete.put(kind, listed == null ? JsonNodeFactory.instance.arrayNode() : listed);
        }
        items = Map.copyOf(complete);
    }

    public ArrayNode items(ListKind kind) {
        return items.get(kind);
    }
}
