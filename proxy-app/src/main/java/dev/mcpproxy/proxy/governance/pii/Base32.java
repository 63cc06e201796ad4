package dev.mcpproxy.proxy.governance.pii;

/**
 * RFC 4648 base32 in lower case without padding: only letters and digits 2-7, so a token survives
 * JSON, URLs, CSV and prose, and decoding ignores case in case a model re-cases it.
 */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Base32() {
    }

    static void encode(byte[] bytes, StringBuilder out) {
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
    }

    static boolean isDigit(char c) {
        return value(c) >= 0;
    }

    /** Decodes {@code s[start, end)}, or returns null when a length or trailing bit is not canonical. */
    static byte[] decode(CharSequence s, int start, int end) {
        int length = end - start;
        int remainderBits = (length * 5) % 8;
        if (remainderBits >= 5) {
            return null;
        }
        byte[] out = new byte[length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = start; i < end; i++) {
            int v = value(s.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return (buffer & ((1 << bits) - 1)) == 0 ? out : null;
    }

    private static int value(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
