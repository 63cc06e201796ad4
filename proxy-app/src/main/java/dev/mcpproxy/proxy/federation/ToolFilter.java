package dev.mcpproxy.proxy.federation;

import dev.mcpproxy.proxy.config.Glob;
import java.util.List;
import java.util.regex.Pattern;

/** An upstream's include/exclude globs ({@code *} any run, {@code ?} one character) over tool names. */
final class ToolFilter {
    private final List<Pattern> include;
    private final List<Pattern> exclude;

    ToolFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        this.include = includeGlobs.stream().map(Glob::toPattern).toList();
        this.exclude = excludeGlobs.stream().map(Glob::toPattern).toList();
    }

    boolean exposes(String toolName) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(toolName).matches());
        return included && exclude.stream().noneMatch(p -> p.matcher(toolName).matches());
    }
}
