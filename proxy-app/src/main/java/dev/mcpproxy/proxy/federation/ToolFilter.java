package dev.mcpproxy.proxy.federation;

import java.util.List;
import java.util.regex.Pattern;

/** An upstream's include/exclude globs ({@code *} any run, {@code ?} one character) over tool names. */
final class ToolFilter {
    private final List<Pattern> include;
    private final List<Pattern> exclude;

    ToolFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        this.include = includeGlobs.stream().map(ToolFilter::globToPattern).toList();
        this.exclude = excludeGlobs.stream().map(ToolFilter::globToPattern).toList();
    }

    boolean exposes(String toolName) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(toolName).matches());
        return included && exclude.stream().noneMatch(p -> p.matcher(toolName).matches());
    }

    static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
