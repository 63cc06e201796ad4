package dev.mcpproxy.proxy.governance.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector from configuration: a regular expression, optionally confirmed by check digits.
 * Custom detectors outrank the built-ins on overlap: whoever wrote one meant it.
 */
final class CustomDetector {
    private static final int SPECIFICITY = 100;

    private final String type;
    private final Pattern pattern;
    private final CheckDigits check;

    CustomDetector(String type, Pattern pattern, CheckDigits check) {
        this.type = type;
        this.pattern = pattern;
        this.check = check;
    }

    void findAll(String s, List<Detection> into) {
        Matcher matcher = pattern.matcher(s);
        while (matcher.find()) {
            if (matcher.end() > matcher.start() && check.passes(s, matcher.start(), matcher.end())) {
                into.add(new Detection(type, matcher.start(), matcher.end(), SPECIFICITY));
            }
        }
    }
}
