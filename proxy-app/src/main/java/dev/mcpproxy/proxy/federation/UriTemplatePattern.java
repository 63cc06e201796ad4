package dev.mcpproxy.proxy.federation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches concrete URIs against an RFC 6570 URI template, so a resource read finds its template's owner. */
final class UriTemplatePattern {
    private static final Pattern EXPRESSION = Pattern.compile("\\{([+#./;?&]?)[^}]*}");

    private final Pattern pattern;

    private UriTemplatePattern(Pattern pattern) {
        this.pattern = pattern;
    }

    static UriTemplatePattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher expressions = EXPRESSION.matcher(template);
        int literalStart = 0;
        while (expressions.find()) {
            regex.append(Pattern.quote(template.substring(literalStart, expressions.start())));
            regex.append(switch (expressions.group(1)) {
                case "+", "#" -> ".*";
                case "?", "&" -> "(?:[?&][^#]*)?";
                case "/" -> "(?:/[^?#]*)?";
                case "." -> "(?:\\.[^/?#]*)?";
                case ";" -> "(?:;[^/?#]*)?";
                default -> "[^/?#]*";
            });
            literalStart = expressions.end();
        }
        regex.append(Pattern.quote(template.substring(literalStart)));
        return new UriTemplatePattern(Pattern.compile(regex.toString()));
    }

    boolean matches(String uri) {
        return pattern.matcher(uri).matches();
    }
}
