package dev.mcpproxy.proxy.governance.pii;

/** AWS access key ids: a key-kind prefix ({@code AKIA} long-term, {@code ASIA} temporary, ...) and 16 more. */
final class AwsAccessKeyMatcher extends AnchoredMatcher {
    private static final String[] PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA"};
    private static final int LENGTH = 20;

    AwsAccessKeyMatcher() {
        super("awskey", 90);
    }

    @Override
    int matchEnd(String s, int start) {
        int end = start + LENGTH;
        if (end > s.length() || !hasPrefix(s, start)) {
            return -1;
        }
        for (int i = start + 4; i < end; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return -1;
            }
        }
        return Boundaries.endsToken(s, end) ? end : -1;
    }

    private static boolean hasPrefix(String s, int start) {
        for (String prefix : PREFIXES) {
            if (s.startsWith(prefix, start)) {
                return true;
            }
        }
        return false;
    }
}
