package dev.mcpproxy.proxy.governance.pii;

/**
 * E-mail addresses, found from their {@code @}: a local part of up to 64 chars to the left and a
 * domain of dot-separated labels with an alphabetic top-level label to the right.
 */
final class EmailMatcher {
    static final String TYPE = "email";
    static final int SPECIFICITY = 50;
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    /** The address around the {@code @} at {@code at}, or null. */
    Detection matchAround(String s, int at) {
        int start = at;
        while (start > 0 && at - start <= MAX_LOCAL && isLocalChar(s.charAt(start - 1))) {
            start--;
        }
        while (start < at && s.charAt(start) == '.') {
            start++;
        }
        if (start == at || at - start > MAX_LOCAL || s.charAt(at - 1) == '.') {
            return null;
        }
        int end = domainEnd(s, at + 1);
        return end < 0 ? null : new Detection(TYPE, start, end, SPECIFICITY);
    }

    /** End of the last alphabetic label after the first one; a trailing '.' or '-' is punctuation. */
    private static int domainEnd(String s, int from) {
        int n = s.length();
        int end = -1;
        int labelStart = from;
        while (true) {
            int j = labelStart;
            while (j < n && j - from < MAX_DOMAIN && isLabelChar(s.charAt(j))) {
                j++;
            }
            int labelEnd = j;
            while (labelEnd > labelStart && s.charAt(labelEnd - 1) == '-') {
                labelEnd--;
            }
            if (labelEnd == labelStart) {
                return end;
            }
            if (labelStart > from && isTopLevel(s, labelStart, labelEnd)) {
                end = labelEnd;
            }
            if (labelEnd == j && j + 1 < n && s.charAt(j) == '.' && isLabelChar(s.charAt(j + 1))) {
                labelStart = j + 1;
            } else {
                return end;
            }
        }
    }

    private static boolean isTopLevel(String s, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLocalChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    }
}
