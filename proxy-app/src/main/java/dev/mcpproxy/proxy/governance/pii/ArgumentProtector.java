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
 * Applies the detectors' actions to a JSON value in place: every string (and, when configured,
 * every integral number) inside objects and arrays, within the rules' include and exclude
 * pointers. A number that held personal data becomes the string replacing it. Tool call arguments
 * are the first use; prompt arguments, completions, client answers and upstream results take the
 * same walk as a {@link Pass}.
 */
final class ArgumentProtector {
    private final PiiScanner scanner;
    private final PiiTokenizer tokenizer;

    /**
     * One walk over one message's data.
     *
     * @param place      what the data is, for a block's error message ({@code argument}, {@code answer}, ...)
     * @param tally      where detections are counted
     * @param restore    tokens of ours are first turned back into their values (and then scanned
     *                   like any value), counted here; null to leave tokens as they are
     * @param skipBinary base64 payloads ({@code blob}, {@code data} beside a {@code mimeType}) and
     *                   {@code requestState} are not text and are not scanned
     */
    record Pass(String place, PiiTally tally, PiiTokenizer.RestoreCounter restore, boolean skipBinary) {

        static Pass arguments(PiiTally tally) {
            return new Pass("argument", tally, null, false);
        }
    }

    ArgumentProtector(PiiScanner scanner, PiiTokenizer tokenizer) {
        this.scanner = scanner;
        this.tokenizer = tokenizer;
    }

    void protect(ObjectNode arguments, ToolRules rules, PiiTally tally) throws GovernanceException {
        protectChildren(arguments, "", rules, Pass.arguments(tally));
    }

    /** Protects everything inside {@code container} (an object or array), pointers relative to it. */
    void protect(JsonNode container, ToolRules rules, Pass pass) throws GovernanceException {
        protectChildren(container, "", rules, pass);
    }

    /**
     * One string on its own (a URI, say), scanned as the value at {@code pointer}.
     *
     * @return the protected text, or {@code text} itself when nothing changed
     */
    String protectText(String text, String pointer, ToolRules rules, Pass pass) throws GovernanceException {
        return protect(text, pointer, rules, pass);
    }

    /** The replacement of {@code node}, or null to keep it. */
    private JsonNode protect(JsonNode node, String pointer, ToolRules rules, Pass pass) throws GovernanceException {
        if (node.isContainerNode()) {
            if (rules.mayDescend(pointer)) {
                protectChildren(node, pointer, rules, pass);
            }
            return null;
        }
        if (!rules.scans(pointer)) {
            return null;
        }
        if (node.isTextual()) {
            String protectedText = protect(node.textValue(), pointer, rules, pass);
            return protectedText == node.textValue() ? null : TextNode.valueOf(protectedText);
        }
        if (node.isIntegralNumber() && rules.scanNumbers()) {
            String digits = node.bigIntegerValue().toString();
            String protectedText = protect(digits, pointer, rules, pass);
            return protectedText == digits ? null : TextNode.valueOf(protectedText);
        }
        return null;
    }

    private void protectChildren(JsonNode container, String pointer, ToolRules rules, Pass pass)
            throws GovernanceException {
        if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replacement = protect(array.get(i), pointer + "/" + i, rules, pass);
                if (replacement != null) {
                    array.set(i, replacement);
                }
            }
            return;
        }
        for (Map.Entry<String, JsonNode> field : container.properties()) {
            if (pass.skipBinary() && isBinary(container, field.getKey())) {
                continue;
            }
            JsonNode replacement = protect(field.getValue(), pointer + "/" + escape(field.getKey()), rules, pass);
            if (replacement != null) {
                field.setValue(replacement);
            }
        }
    }

    private static boolean isBinary(JsonNode container, String key) {
        return switch (key) {
            case "blob", "requestState" -> true;
            case "data" -> container.has("mimeType");
            default -> false;
        };
    }

    /** {@code text} with its detections handled, or {@code text} itself when nothing changed. */
    private String protect(String text, String pointer, ToolRules rules, Pass pass) throws GovernanceException {
        String scanned = pass.restore() == null ? text : tokenizer.restore(text, pass.restore());
        List<Detection> detections = scanner.scan(scanned);
        if (detections.isEmpty()) {
            return scanned;
        }
        StringBuilder out = null;
        int copied = 0;
        for (Detection detection : detections) {
            PiiAction action = rules.action(detection.type());
            pass.tally().detected(detection.type(), action);
            String replacement = switch (action) {
                case BLOCK -> throw blocked(detection.type(), pass.place(), pointer);
                case ALLOW -> null;
                case REDACT -> "[redacted:" + detection.type() + "]";
                case TOKENIZE -> tokenizer.tokenize(detection.type(), scanned.substring(detection.start(), detection.end()));
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(scanned.length() + 64);
                }
                out.append(scanned, copied, detection.start()).append(replacement);
                copied = detection.end();
            }
        }
        return out == null ? scanned : out.append(scanned, copied, scanned.length()).toString();
    }

    static GovernanceException blocked(String type, String place, String pointer) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("detector", type).put("pointer", pointer);
        return new GovernanceException(JsonRpcErrors.PII_BLOCKED,
                "Personal data of type " + type + " is not allowed in " + place + (pointer.isEmpty() ? "" : " " + pointer),
                data);
    }

    private static String escape(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }
}
