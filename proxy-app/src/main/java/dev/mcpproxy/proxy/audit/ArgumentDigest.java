package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * HMAC-SHA256 of the canonical JSON of a value (object keys sorted), so equal arguments give equal
 * digests without revealing them, and nobody without the key can confirm a guessed value.
 */
public final class ArgumentDigest {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final SecretKeySpec key;

    public ArgumentDigest(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the audit digest key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** {@code hmac-sha256:} followed by the unpadded base64url MAC. */
    public String digest(JsonNode value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] canonical = canonicalJson(value).getBytes(StandardCharsets.UTF_8);
            return "hmac-sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static String canonicalJson(JsonNode value) {
        try {
            Object plain = CANONICAL.treeToValue(value, Object.class);
            return CANONICAL.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("arguments not serializable", e);
        }
    }
}
