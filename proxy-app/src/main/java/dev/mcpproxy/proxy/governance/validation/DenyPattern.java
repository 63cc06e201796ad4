package dev.mcpproxy.proxy.governance.validation;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A configured deny pattern: a regular expression (found anywhere in a string) or a named preset.
 * Violations name the preset or the pattern's position, never the offending value.
 */
record DenyPattern(String label, Pattern pattern) {
    private static final Map<String, String> PRESETS = Map.of(
            "@pathTraversal", "(?i)(^|[\\\\/])(\\.|%2e){2}([\\\\/]|$)|%2e%2e|\\x00",
            "@shellMetacharacters", "[;&|`$<>\\n\\r]|\\$\\(",
            "@sqlMetacharacters", "(?i)'|--|/\\*|;|\\bunion\\b.*\\bselect\\b|\\b(drop|truncate|alter)\\s+table\\b");

    static List<DenyPattern> compile(List<String> configured, String key) {
        return java.util.stream.IntStream.range(0, configured.size()).mapToObj(i -> {
            String value = configured.get(i);
            String preset = PRESETS.get(value);
            return preset != null ? new DenyPattern(value, Pattern.compile(preset))
                    : new DenyPattern(key + "[" + i + "]", Pattern.compile(value));
        }).toList();
    }

    static void validate(List<String> configured, String key, ConfigProblems problems) {
        for (int i = 0; i < configured.size(); i++) {
            String value = configured.get(i);
            if (value == null || value.isEmpty()) {
                problems.add(key + "[" + i + "]", "must not be empty");
            } else if (value.startsWith("@")) {
                problems.check(PRESETS.containsKey(value), key + "[" + i + "]",
                        "unknown preset (known: " + String.join(", ", new java.util.TreeSet<>(PRESETS.keySet())) + ")");
            } else {
                try {
                    Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    problems.add(key + "[" + i + "]", "not a valid regular expression");
                }
            }
        }
    }

    boolean foundIn(String text) {
        return pattern.matcher(text).find();
    }
}
