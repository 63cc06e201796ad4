package dev.mcpproxy.proxy.governance.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What happens to a detected value on a message path ({@code block} only on data a client sends). */
public enum PiiAction {
    /** Replaced by a reversible token. */
    TOKENIZE,
    /** Replaced by an irreversible marker naming the type. */
    REDACT,
    /** The call is rejected before it reaches the upstream. */
    BLOCK,
    /** Left as it is, but counted. */
    ALLOW;

    static final String NAMES = Arrays.stream(values()).map(PiiAction::configName).collect(Collectors.joining(", "));

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static boolean isName(String name) {
        return Arrays.stream(values()).anyMatch(a -> a.configName().equals(name));
    }

    static PiiAction named(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
