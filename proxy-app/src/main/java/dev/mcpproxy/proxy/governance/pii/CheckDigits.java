package dev.mcpproxy.proxy.governance.pii;

import java.util.Arrays;
import java.util.Locale;

/** The check a custom detector's match must also pass, named in configuration. */
public enum CheckDigits {
    NONE,
    LUHN,
    MOD97;

    static CheckDigits named(String name) {
        return name == null ? NONE : valueOf(name.toUpperCase(Locale.ROOT));
    }

    static boolean isName(String name) {
        return name == null || Arrays.stream(values()).anyMatch(v -> v.name().equalsIgnoreCase(name));
    }

    boolean passes(CharSequence s, int start, int end) {
        return switch (this) {
            case NONE -> true;
            case LUHN -> Checksums.luhn(s, start, end);
            case MOD97 -> Checksums.mod97(s, start, end);
        };
    }
}
