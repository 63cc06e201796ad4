package dev.mcpproxy.proxy.governance.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;

/**
 * Rules for one top-level argument.
 *
 * @param maxStringLength most characters of any string in the argument
 * @param denyPatterns    patterns (or presets) no string in the argument may contain
 * @param allowedValues   the only values the argument may take (strings, numbers, booleans)
 */
public record ArgumentRules(Integer maxStringLength, List<String> denyPatterns, List<JsonNode> allowedValues) {

    public ArgumentRules {
        denyPatterns = denyPatterns == null ? List.of() : List.copyOf(denyPatterns);
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
    }

    void validate(String key, ConfigProblems problems) {
        problems.check(maxStringLength == null || maxStringLength > 0, key + ".maxStringLength", "must be positive");
        DenyPattern.validate(denyPatterns, key + ".denyPatterns", problems);
        for (int i = 0; i < allowedValues.size(); i++) {
            problems.check(allowedValues.get(i) != null && allowedValues.get(i).isValueNode(),
                    key + ".allowedValues[" + i + "]", "must be a string, number or boolean");
        }
    }
}
