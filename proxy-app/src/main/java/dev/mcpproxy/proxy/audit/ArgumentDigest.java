package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;
import dev.mcpproxy.proxy.jsonrpc.JsonTreeWriter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * HMAC-SHA256 of the canonical JSON of a value (object keys sorted), so equal arguments give equal
 * digests without revealing them, and nobody without the key can confirm a guessed value.
 */
public final class ArgumentDigest {
    private static final ObjectMapper JSON = JsonMappers.create();

    private final SecretKeySpec key;
    /**
     * Initialized on first use (loading the JCE provider is noticeable in the proxy's cold start);
     * each digest clones it, which is much cheaper than a new lookup and init.
     */
    private volatile Mac prototype;

    public ArgumentDigest(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the audit digest key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** A digest and the size of the canonical JSON it was computed over. */
    public record Digested(String value, int canonicalBytes) {
    }

    /** {@code hmac-sha256:} followed by the unpadded base64url MAC of the canonical JSON. */
    public Digested digest(JsonNode value) {
        byte[] canonical = canonicalBytes(value);
        return new Digested("hmac-sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac().doFinal(canonical)),
                canonical.length);
    }

    private Mac mac() {
        Mac ready = prototype;
        if (ready == null) {
            try {
                ready = Mac.getInstance("HmacSHA256");
                ready.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
            prototype = ready;
        }
        try {
            return (Mac) ready.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone its MACs", e);
        }
    }

    /** Compact UTF-8 JSON with the keys of every object sorted, written straight from the tree. */
    static byte[] canonicalBytes(JsonNode value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            JsonTreeWriter.write(value, generator, true);
        } catch (IOException e) {
            throw new IllegalStateException("arguments not serializable", e);
        }
        return out.toByteArray();
    }
}
