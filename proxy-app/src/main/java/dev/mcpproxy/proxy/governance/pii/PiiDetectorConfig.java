package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of {@code pii.detectors}: either a built-in detector's action ({@code name} only), or
 * a custom detector ({@code name} and {@code pattern}, optionally {@code validator}).
 *
 * @param name    built-in name or the custom type; lower-case letters and digits, it appears in tokens
 * @param pattern Java regular expression of a custom detector
 * @param validator check digits a custom match must pass: {@code none}, {@code luhn} or {@code mod97}
 * @param action  {@code tokenize}, {@code redact}, {@code block} or {@code allow}
 */
public record PiiDetectorConfig(String name, String pattern, String validator, String action) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,31}");

    public boolean isCustom() {
        return pattern != null;
    }

    public void validate(String key, ConfigProblems problems) {
        if (problems.check(name != null && NAME.matcher(name).matches(), key + ".name",
                "must be lower-case letters and digits, starting with a letter (it appears in tokens)")) {
            boolean builtIn = PiiScanner.BUILT_IN.contains(name);
            if (pattern == null) {
                problems.check(builtIn, key + ".name", "not a built-in detector (" + String.join(", ", PiiScanner.BUILT_IN)
                        + "); give a pattern for a custom one");
            } else {
                problems.check(!builtIn, key + ".name", "is a built-in detector; choose another name for a custom one");
            }
        }
        if (pattern != null) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                problems.add(key + ".pattern", "not a valid regular expression (" + e.getDescription() + ")");
            }
        }
        problems.check(validator == null || pattern != null, key + ".validator", "only custom detectors take a validator");
        problems.check(CheckDigits.isName(validator), key + ".validator", "must be one of none, luhn, mod97");
        problems.check(action == null || PiiAction.isName(action), key + ".action", "must be one of " + PiiAction.NAMES);
    }
}
