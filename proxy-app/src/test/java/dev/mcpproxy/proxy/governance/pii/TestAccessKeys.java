package dev.mcpproxy.proxy.governance.pii;

import java.security.SecureRandom;

/** AWS-shaped access key ids generated at test time, so no key-like literal sits in the sources. */
final class TestAccessKeys {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestAccessKeys() {
    }

    /** {@code prefix} followed by {@code length} random characters of the access-key alphabet. */
    static String accessKeyId(String prefix, int length) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
