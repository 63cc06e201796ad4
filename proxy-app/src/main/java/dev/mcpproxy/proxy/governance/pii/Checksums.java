package dev.mcpproxy.proxy.governance.pii;

/** The check-digit algorithms used by detectors; both ignore separators between the characters. */
final class Checksums {

    private Checksums() {
    }

    /** Luhn (mod 10) over the digits of {@code s[start, end)}. */
    static boolean luhn(CharSequence s, int start, int end) {
        int sum = 0;
        int digits = 0;
        for (int i = end - 1; i >= start; i--) {
            char c = s.charAt(i);
            if (!Boundaries.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if ((digits & 1) == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            digits++;
        }
        return digits > 1 && sum % 10 == 0;
    }

    /**
     * ISO 7064 mod 97-10 as IBANs use it: the first four alphanumerics move to the end, letters
     * count as 10..35, and the remainder must be 1. Spaces are skipped; anything else fails.
     */
    static boolean mod97(CharSequence s, int start, int end) {
        int remainder = 0;
        int moved = 0;
        int movedEnd = start;
        while (movedEnd < end && moved < 4) {
            if (s.charAt(movedEnd) != ' ') {
                moved++;
            }
            movedEnd++;
        }
        if (moved < 4) {
            return false;
        }
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? movedEnd : start;
            int to = pass == 0 ? end : movedEnd;
            for (int i = from; i < to; i++) {
                char c = Character.toUpperCase(s.charAt(i));
                if (c == ' ') {
                    continue;
                }
                if (Boundaries.isDigit(c)) {
                    remainder = (remainder * 10 + (c - '0')) % 97;
                } else if (c >= 'A' && c <= 'Z') {
                    remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
                } else {
                    return false;
                }
            }
        }
        return remainder == 1;
    }
}
