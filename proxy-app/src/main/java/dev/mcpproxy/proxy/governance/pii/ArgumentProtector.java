package dev.mcpproxy.proxy.governance.pii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

import java.util.List;
import java.util.Map;

/**
 * Applies the detectors' actions to a tool call's arguments in place: every string (and, when
 * configured, every integral number) inside objects and arrays, within the tool's include and
 * exclude pointers. A number that held personal data becomes the string replacing it.
 */
final class ArgumentProtector {
    private final PiiScanner scanner;
    private final PiiTokenizer tokenizer;

    ArgumentProtector(PiiScanner scanner, PiiTokenizer tokenizer) {
        this.scanner = scanner;
        this.tokenizer = tokenizer;
    }

    void protect(ObjectNode arguments, ToolRules rules, PiiTally tally) throws GovernanceException {
        protectChildren(arguments, "", rules, tally);
    }

    /** The replacement of {@code node}, or null to keep it. */
    private JsonNode protect(JsonNode node, String pointer, ToolRules rules, PiiTally tally) throws GovernanceException {
        if (node.isContainerNode()) {
            if (rules.mayDescend(pointer)) {
                protectChildren(node, pointer, rules, tally);
            }
            return null;
        }
        if (!rules.scans(pointer)) {
            return null;
        }
        if (node.isTextual()) {
            String protectedText = protect(node.textValue(), pointer, rules, tally);
            return protectedText == node.textValue() ? null : TextNode.valueOf(protectedText);
        }
        if (node.isIntegralNumber() && rules.scanNumbers()) {
            String digits = node.bigIntegerValue().toString();
            String protectedText = protect(digits, pointer, rules, tally);
            return protectedText == digits ? null : TextNode.valueOf(protectedText);
        }
        return null;
    }

    private void protectChildren(JsonNode container, String pointer, ToolRules rules, PiiTally tally)
            throws GovernanceException {
        if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replacement = protect(array.get(i), pointer + "/" + i, rules, tally);
                if (replacement != null) {
                    array.set(i, replacement);
                }
            }
            return;
        }
        for (Map.Entry<String, JsonNode> field : container.properties()) {
            JsonNode replacement = protect(field.getValue(), pointer + "/" + escape(field.getKey()), rules, tally);
            if (replacement != null) {
                field.setValue(replacement);
            }
        }
    }

    /** {@code text} with its detections handled, or {@code text} itself when nothing changed. */
    private String protect(String text, String pointer, ToolRules rules, PiiTally tally) throws GovernanceException {
        List<Detection> detections = scanner.scan(text);
        if (detections.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        for (Detection detection : detections) {
            PiiAction action = rules.action(detection.type());
            tally.detected(detection.type(), action);
            String replacement = switch (action) {
                case BLOCK -> throw blocked(detection.type(), pointer);
                case ALLOW -> null;
                case REDACT -> "[redacted:" + detection.type() + "]";
                case TOKENIZE -> tokenizer.tokenize(detection.type(), text.substring(detection.start(), detection.end()));
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 64);
                }
                out.append(text, copied, detection.start()).append(replacement);
                copied = detection.end();
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static GovernanceException blocked(String type, String pointer) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("detector", type).put("pointer", pointer);
        return new GovernanceException(JsonRpcErrors.PII_BLOCKED,
                "Personal data of type " + type + " is not allowed in argument " + pointer, data);
    }

    private static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }
}
