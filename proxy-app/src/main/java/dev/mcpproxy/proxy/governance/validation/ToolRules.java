package dev.mcpproxy.proxy.governance.validation;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Extra rules for a tool's arguments, beyond its schema.
 *
 * @param maxArgumentBytes most bytes the serialized arguments may have
 * @param maxStringLength  most characters of any string anywhere in the arguments
 * @param denyPatterns     regular expressions no string in the arguments may contain, or presets
 *                         {@code @pathTraversal}, {@code @shellMetacharacters}, {@code @sqlMetacharacters}
 * @param arguments        rules for single top-level arguments, by name
 */
public record ToolRules(Integer maxArgumentBytes, Integer maxStringLength, List<String> denyPatterns,
                        Map<String, ArgumentRules> arguments) {

    static final ToolRules NONE = new ToolRules(null, null, null, null);

    public ToolRules {
        denyPatterns = denyPatterns == null ? List.of() : List.copyOf(denyPatterns);
        arguments = arguments == null ? Map.of() : new TreeMap<>(arguments);
    }

    void validate(String key, ConfigProblems problems) {
        problems.check(maxArgumentBytes == null || maxArgumentBytes > 0, key + ".maxArgumentBytes", "must be positive");
        problems.check(maxStringLength == null || maxStringLength > 0, key + ".maxStringLength", "must be positive");
        DenyPattern.validate(denyPatterns, key + ".denyPatterns", problems);
        arguments.forEach((name, rules) -> {
            if (rules == null) {
                problems.add(key + ".arguments." + name, "must not be empty");
            } else {
                rules.validate(key + ".arguments." + name, problems);
            }
        });
    }

    /** These rules with {@code specific}'s limits taking precedence and both sets of patterns applying. */
    ToolRules overriddenBy(ToolRules specific) {
        Map<String, ArgumentRules> combined = new TreeMap<>(arguments);
        combined.putAll(specific.arguments);
        return new ToolRules(
                specific.maxArgumentBytes != null ? specific.maxArgumentBytes : maxArgumentBytes,
                specific.maxStringLength != null ? specific.maxStringLength : maxStringLength,
                Stream.concat(denyPatterns.stream(), specific.denyPatterns.stream()).distinct().toList(),
                combined);
    }
}
