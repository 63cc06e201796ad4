package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.jsonrpc.JsonSize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies the configured {@link ToolRules} to a call's arguments. */
final class ArgumentRuleChecker {
    private final ToolRules rules;
    private final List<DenyPattern> toolPatterns;
    private final Map<String, List<DenyPattern>> argumentPatterns;

    ArgumentRuleChecker(ToolRules rules, String key) {
        this.rules = rules;
        this.toolPatterns = DenyPattern.compile(rules.denyPatterns(), key + ".denyPatterns");
        this.argumentPatterns = new java.util.HashMap<>();
        rules.arguments().forEach((name, argument) -> argumentPatterns.put(name,
                DenyPattern.compile(argument.denyPatterns(), key + ".arguments." + name + ".denyPatterns")));
    }

    List<Violation> check(JsonNode arguments) {
        List<Violation> violations = new ArrayList<>();
        if (rules.maxArgumentBytes() != null) {
            long bytes = JsonSize.of(arguments);
            if (bytes > rules.maxArgumentBytes()) {
                violations.add(new Violation("", "arguments are " + bytes + " bytes, more than the allowed "
                        + rules.maxArgumentBytes()));
            }
        }
        checkStrings(arguments, "", rules.maxStringLength(), toolPatterns, violations);
        rules.arguments().forEach((name, argumentRules) -> {
            JsonNode value = arguments.get(name);
            if (value == null) {
                return;
            }
            String pointer = "/" + escape(name);
            checkStrings(value, pointer, argumentRules.maxStringLength(), argumentPatterns.get(name), violations);
            if (!argumentRules.allowedValues().isEmpty()
                    && argumentRules.allowedValues().stream().noneMatch(allowed -> sameValue(allowed, value))) {
                violations.add(new Violation(pointer, "not one of the allowed values"));
            }
        });
        return violations;
    }

    private static void checkStrings(JsonNode node, String pointer, Integer maxLength, List<DenyPattern> patterns,
                                     List<Violation> violations) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (maxLength != null && text.length() > maxLength) {
                violations.add(new Violation(pointer, "string is longer than " + maxLength + " characters"));
            }
            for (DenyPattern pattern : patterns) {
                if (pattern.foundIn(text)) {
                    violations.add(new Violation(pointer, "matches denied pattern " + pattern.label()));
                }
            }
        } else if (node.isObject()) {
            node.properties().forEach(field ->
                    checkStrings(field.getValue(), pointer + "/" + escape(field.getKey()), maxLength, patterns, violations));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), pointer + "/" + i, maxLength, patterns, violations);
            }
        }
    }

    private static boolean sameValue(JsonNode allowed, JsonNode value) {
        if (allowed.isNumber() && value.isNumber()) {
            return allowed.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return allowed.equals(value);
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
