package dev.mcpproxy.proxy.governance.pii;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/**
 * US social security numbers written {@code ddd-dd-dddd} (or with spaces), excluding the ranges
 * the SSA never issues: area 000, 666 and 900-999, group 00, serial 0000. Nine bare digits are
 * too ambiguous to count.
 */
final class SsnMatcher extends AnchoredMatcher {

    SsnMatcher() {
        super("ssn", 60);
    }

    @Override
    int matchEnd(String s, int start) {
        int end = start + 11;
        if (end > s.length()) {
            return -1;
        }
        char separator = s.charAt(start + 3);
        if ((separator != '-' && separator != ' ') || s.charAt(start + 6) != separator) {
            return -1;
        }
        int area = number(s, start, 3);
        int group = number(s, start + 4, 2);
        int serial = number(s, start + 7, 4);
        if (area < 0 || group < 0 || serial < 0) {
            return -1;
        }
        boolean issuable = area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
        return issuable && Boundaries.endsToken(s, end) ? end : -1;
    }

    private static int number(String s, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
