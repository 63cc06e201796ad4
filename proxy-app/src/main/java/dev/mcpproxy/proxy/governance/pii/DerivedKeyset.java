package dev.mcpproxy.proxy.governance.pii;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A one-key AES-256-SIV keyset derived from raw key material (a generated secret string, as the
 * CDK app creates it) with HKDF-SHA256: the same material gives the same key and key id on every
 * instance, so tokens decode wherever the secret is shared. The salt and info are fixed labels;
 * the material must carry the entropy (at least {@value #MIN_MATERIAL_LENGTH} characters).
 */
final class DerivedKeyset {
    static final int MIN_MATERIAL_LENGTH = 32;
    private static final byte[] SALT = "mcp-proxy/pii/keyset-derivation".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "AES256_SIV key and Tink key id, v1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 64;

    private DerivedKeyset() {
    }

    static boolean isLongEnough(String material) {
        return material.strip().length() >= MIN_MATERIAL_LENGTH;
    }

    static KeysetHandle derive(String material) throws GeneralSecurityException {
        byte[] okm = Hkdf.computeHkdf("HMACSHA256", material.strip().getBytes(StandardCharsets.UTF_8), SALT, INFO,
                KEY_BYTES + Integer.BYTES);
        try {
            int keyId = ByteBuffer.wrap(okm, KEY_BYTES, Integer.BYTES).getInt();
            AesSivKey key = AesSivKey.builder()
                    .setParameters(AesSivParameters.builder()
                            .setKeySizeBytes(KEY_BYTES)
                            .setVariant(AesSivParameters.Variant.TINK)
                            .build())
                    .setKeyBytes(SecretBytes.copyFrom(Arrays.copyOf(okm, KEY_BYTES), InsecureSecretKeyAccess.get()))
                    .setIdRequirement(keyId)
                    .build();
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).makePrimary())
                    .build();
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }
}
