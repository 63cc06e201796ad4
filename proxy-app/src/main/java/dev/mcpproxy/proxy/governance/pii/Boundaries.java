package dev.mcpproxy.proxy.governance.pii;

/**
 * Where a detection may begin and end. A value glued to a word ({@code ORD-4111111111111111},
 * {@code v1.2.3.4}) is part of an identifier, not personal data on its own.
 */
final class Boundaries {

    /** ASCII word chars, looked up rather than compared: this runs for most chars of a scan. */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
    }

    private Boundaries() {
    }

    static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isJoiner(char c) {
        return c == '-' || c == '.';
    }

    /** True when nothing word-like sits right before {@code start}. */
    static boolean startsToken(CharSequence s, int start) {
        if (start == 0) {
            return true;
        }
        char before = s.charAt(start - 1);
        if (isWordChar(before)) {
            return false;
        }
        return !(isJoiner(before) && start >= 2 && isWordChar(s.charAt(start - 2)));
    }

    /** True when nothing word-like follows right after {@code end}. */
    static boolean endsToken(CharSequence s, int end) {
        if (end >= s.length()) {
            return true;
        }
        char after = s.charAt(end);
        if (isWordChar(after)) {
            return false;
        }
        return !(isJoiner(after) && end + 1 < s.length() && isWordChar(s.charAt(end + 1)));
    }
}
