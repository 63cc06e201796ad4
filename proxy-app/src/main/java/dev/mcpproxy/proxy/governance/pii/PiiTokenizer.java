package dev.mcpproxy.proxy.governance.pii;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * Reversible tokens by deterministic authenticated encryption (AES-SIV through Tink): the same
 * value of the same type gives the same token everywhere the keyset is shared, and only tokens
 * minted under the keyset decode.
 *
 * <p>Format: {@code pii_<type>_<base32 ciphertext>_}, e.g. {@code pii_email_aeb3..._}: only
 * letters, digits 2-7 and underscores, and the closing underscore ends it even when a backend
 * glues text to it. Decoding ignores case and tolerates a lost closing underscore. The
 * ciphertext starts with Tink's five-byte key prefix, so the key id travels with the token and a
 * rotated keyset still decodes old tokens. The type is the associated data: a token relabelled
 * to another type does not decode.
 */
public final class PiiTokenizer {
    static final String PREFIX = "pii_";
    private static final char TERMINATOR = '_';
    private static final int MAX_TYPE_LENGTH = 32;
    /** Tink key prefix (5) + SIV tag (16). */
    private static final int MIN_CIPHERTEXT = 21;

    private final DeterministicAead daead;

    public PiiTokenizer(KeysetHandle keyset) throws GeneralSecurityException {
        this.daead = keyset.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
    }

    public String tokenize(String type, String value) {
        try {
            byte[] ciphertext = daead.encryptDeterministically(value.getBytes(StandardCharsets.UTF_8), associatedData(type));
            StringBuilder token = new StringBuilder(PREFIX.length() + type.length() + 1 + ciphertext.length * 8 / 5 + 2);
            token.append(PREFIX).append(type).append('_');
            Base32.encode(ciphertext, token);
            return token.append(TERMINATOR).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tokenizing a " + type + " value failed", e);
        }
    }

    /**
     * Replaces every token of ours in {@code text} by its value. Anything token-shaped that does
     * not decrypt (altered, forged, foreign) stays as it is.
     *
     * @return the restored text, or {@code text} itself when it holds no token of ours
     */
    public String restore(String text, RestoreCounter counter) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        int n = text.length();
        while (true) {
            int at = indexOfPrefix(text, from);
            if (at < 0) {
                break;
            }
            int typeEnd = at + PREFIX.length();
            while (typeEnd < n && typeEnd - at - PREFIX.length() < MAX_TYPE_LENGTH && isTypeChar(text.charAt(typeEnd))) {
                typeEnd++;
            }
            int payloadStart = typeEnd + 1;
            if (typeEnd == at + PREFIX.length() || typeEnd >= n || text.charAt(typeEnd) != '_') {
                from = at + 1;
                continue;
            }
            int payloadEnd = payloadStart;
            while (payloadEnd < n && Base32.isDigit(text.charAt(payloadEnd))) {
                payloadEnd++;
            }
            String type = text.substring(at + PREFIX.length(), typeEnd).toLowerCase(Locale.ROOT);
            String value = decrypt(type, text, payloadStart, payloadEnd);
            if (value == null) {
                from = at + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            int end = payloadEnd < n && text.charAt(payloadEnd) == TERMINATOR ? payloadEnd + 1 : payloadEnd;
            out.append(text, copied, at).append(value);
            copied = end;
            from = end;
            counter.restored(type);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, n).toString();
    }

    private String decrypt(String type, String text, int start, int end) {
        byte[] ciphertext = Base32.decode(text, start, end);
        if (ciphertext == null || ciphertext.length < MIN_CIPHERTEXT) {
            return null;
        }
        try {
            return new String(daead.decryptDeterministically(ciphertext, associatedData(type)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static int indexOfPrefix(String text, int from) {
        int last = text.length() - PREFIX.length();
        for (int i = from; i <= last; i++) {
            char c = text.charAt(i);
            if ((c == 'p' || c == 'P') && text.regionMatches(true, i, PREFIX, 0, PREFIX.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTypeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static byte[] associatedData(String type) {
        return type.getBytes(StandardCharsets.US_ASCII);
    }

    /** Told about each restored token, for the audit event. */
    @FunctionalInterface
    public interface RestoreCounter {
        RestoreCounter IGNORE = type -> {
        };

        void restored(String type);
    }
}
