package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;

/**
 * Restores tokens everywhere a result carries strings: text content, {@code structuredContent},
 * embedded resources, resource contents and prompt messages alike.
 */
final class ResultRestorer {
    private final PiiTokenizer tokenizer;

    ResultRestorer(PiiTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    void restore(JsonNode container, PiiTally tally) {
        if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replacement = restoreValue(array.get(i), tally);
                if (replacement != null) {
                    array.set(i, replacement);
                }
            }
            return;
        }
        for (Map.Entry<String, JsonNode> field : container.properties()) {
            JsonNode replacement = restoreValue(field.getValue(), tally);
            if (replacement != null) {
                field.setValue(replacement);
            }
        }
    }

    private JsonNode restoreValue(JsonNode node, PiiTally tally) {
        if (node.isContainerNode()) {
            restore(node, tally);
            return null;
        }
        if (!node.isTextual()) {
            return null;
        }
        String restored = tokenizer.restore(node.textValue(), tally);
        return restored == node.textValue() ? null : TextNode.valueOf(restored);
    }
}
