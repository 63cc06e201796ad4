package dev.mcpproxy.proxy.testing;

import java.security.SecureRandom;

/** Secret-shaped values made up at test time, so no key-like literal sits in the sources. */
public final class TestSecrets {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ACCESS_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSecrets() {
    }

    /** What CloudFormation's GenerateSecretString makes by default: random letters and digits. */
    public static String alphanumeric(int length) {
        return random(ALPHANUMERIC, length);
    }

    /** An AWS-shaped access key id: {@code prefix} and {@code length} characters of its alphabet. */
    public static String accessKeyId(String prefix, int length) {
        return prefix + random(ACCESS_KEY_ALPHABET, length);
    }

    private static String random(String alphabet, int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return value.toString();
    }
}
