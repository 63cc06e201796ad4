package dev.mcpproxy.proxy.governance.pii;

import static dev.mcpproxy.proxy.governance.pii.Boundaries.isDigit;

/** Dotted-quad IPv4 addresses in canonical form (octets 0-255, no leading zeros). */
final class Ipv4Matcher extends AnchoredMatcher {

    Ipv4Matcher() {
        super("ipv4", 30);
    }

    @Override
    int matchEnd(String s, int start) {
        int n = s.length();
        int i = start;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= n || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int from = i;
            int value = 0;
            while (i < n && isDigit(s.charAt(i)) && i - from < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int length = i - from;
            if (length == 0 || value > 255 || (length > 1 && s.charAt(from) == '0')) {
                return -1;
            }
        }
        return Boundaries.endsToken(s, i) ? i : -1;
    }
}
