package dev.mcpproxy.proxy.governance.pii;

/**
 * IPv6 addresses in RFC 4291 text form: eight hextets, or fewer around one {@code ::}, optionally
 * ending in a dotted IPv4 address. Clock times ({@code 12:30:45}) and MAC addresses fail the form.
 */
final class Ipv6Matcher extends AnchoredMatcher {
    private static final int MAX_LENGTH = 45;

    Ipv6Matcher() {
        super("ipv6", 40);
    }

    @Override
    int matchEnd(String s, int start) {
        int n = s.length();
        if (!colonWithinFirstHextet(s, start)) {
            return -1;
        }
        int end = start;
        while (end < n && end - start < MAX_LENGTH && isAddressChar(s.charAt(end))) {
            end++;
        }
        // Sentence punctuation after an address is not part of it.
        while (end > start && s.charAt(end - 1) == '.') {
            end--;
        }
        if (end - start >= 2 && s.charAt(end - 1) == ':' && s.charAt(end - 2) != ':') {
            end--;
        }
        return isAddress(s, start, end) && Boundaries.endsToken(s, end) ? end : -1;
    }

    static boolean colonWithinFirstHextet(String s, int start) {
        for (int i = start; i < s.length() && i - start <= 4; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return true;
            }
            if (!isHex(c)) {
                return false;
            }
        }
        return false;
    }

    static boolean isAddress(String s, int start, int end) {
        int units = 0;
        int groups = 0;
        boolean compressed = false;
        int i = start;
        if (end - start >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
            compressed = true;
            i += 2;
        } else if (i < end && s.charAt(i) == ':') {
            return false;
        }
        while (i < end) {
            int from = i;
            while (i < end && isHex(s.charAt(i))) {
                i++;
            }
            if (i < end && s.charAt(i) == '.') {
                // Embedded IPv4 as the last 32 bits.
                Ipv4Matcher ipv4 = new Ipv4Matcher();
                if (ipv4.matchEnd(s.substring(from, end), 0) != end - from) {
                    return false;
                }
                units += 2;
                groups++;
                i = end;
                break;
            }
            int length = i - from;
            if (length == 0 || length > 4) {
                return false;
            }
            units++;
            groups++;
            if (i == end) {
                break;
            }
            i++; // the ':'
            if (i < end && s.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            } else if (i == end) {
                return false;
            }
        }
        return groups > 0 && (compressed ? units <= 7 : units == 8);
    }

    private static boolean isAddressChar(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
