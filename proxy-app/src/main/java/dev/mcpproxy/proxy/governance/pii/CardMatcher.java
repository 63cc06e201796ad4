package dev.mcpproxy.proxy.governance.pii;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped by one kind of separator (space or
 * dash), with a major network's prefix and a valid Luhn check digit. The prefix check keeps
 * order ids and timestamps that happen to pass Luhn (one in ten does) out.
 */
final class CardMatcher extends AnchoredMatcher {

    CardMatcher() {
        super("card", 70);
    }

    @Override
    int matchEnd(String s, int start) {
        int n = s.length();
        int i = start;
        int digits = 0;
        char separator = 0;
        int longest = -1;
        while (true) {
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
            if (digits > 19) {
                return longest;
            }
            if (digits >= 13 && Boundaries.endsToken(s, i) && hasNetworkPrefix(s, start)
                    && Checksums.luhn(s, start, i)) {
                longest = i;
            }
            if (i + 1 < n && isSeparator(s.charAt(i)) && (separator == 0 || separator == s.charAt(i))
                    && isDigit(s.charAt(i + 1))) {
                separator = s.charAt(i);
                i++;
            } else {
                return longest;
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }

    /** Visa, Mastercard, American Express, Diners, JCB, Discover and UnionPay ranges. */
    private static boolean hasNetworkPrefix(String s, int start) {
        int prefix = 0;
        int taken = 0;
        for (int i = start; taken < 4 && i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                prefix = prefix * 10 + (c - '0');
                taken++;
            }
        }
        int two = prefix / 100;
        int three = prefix / 10;
        return switch (prefix / 1000) {
            case 4 -> true;
            case 5 -> two >= 51 && two <= 55;
            case 2 -> prefix >= 2221 && prefix <= 2720;
            case 3 -> two == 34 || two == 37 || two == 30 || two == 36 || two == 38 || two == 35;
            case 6 -> prefix == 6011 || two == 65 || two == 62 || (three >= 644 && three <= 649);
            default -> false;
        };
    }
}
