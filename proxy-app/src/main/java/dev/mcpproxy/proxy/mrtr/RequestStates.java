package dev.mcpproxy.proxy.mrtr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import dev.mcpproxy.proxy.audit.ArgumentDigest;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code requestState} of a bridged multi round-trip request (2026-07-28 basic/patterns/mrtr):
 * everything needed to continue the call on any proxy instance, sealed with AES-256-GCM under a
 * key derived (HKDF-SHA256) from shared key material, so nothing is kept in proxy memory and a
 * retry may land on another microVM. Inside, as the pattern asks: the principal, an expiry, and
 * the originating request (method, target and a keyed digest of its params), plus the client's
 * answers so far; encrypted, so no answer or personal data is readable by the client. A state that
 * fails verification (forged, altered, expired, another principal's or another request's) is
 * rejected with the reason.
 */
public final class RequestStates {
    /** How long a client may take to answer before its retry is refused. */
    public static final Duration TTL = Duration.ofMinutes(10);
    public static final int MIN_MATERIAL_LENGTH = 32;
    private static final byte[] SALT = "mcp-proxy/mrtr/request-state".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AEAD_INFO = "AES256_GCM requestState key, v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGEST_INFO = "requestState request digest key, v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASSOCIATED = "mcp-proxy requestState v1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = JsonMappers.create();

    private final Aead aead;
    private final ArgumentDigest digest;
    private final Clock clock;

    /** What a verified state says: the client's answers to the questions asked so far, in order. */
    public record Opened(List<JsonNode> answers) {
    }

    /** A state that fails verification; the message says why, never what it held. */
    public static final class RejectedException extends Exception {
        public RejectedException(String message) {
            super(message, null, false, false);
        }
    }

    private RequestStates(byte[] aeadKey, byte[] digestKey, Clock clock) throws GeneralSecurityException {
        this.aead = new AesGcmJce(aeadKey);
        this.digest = new ArgumentDigest(digestKey);
        this.clock = clock;
    }

    /** Keys derived from shared material (at least {@value #MIN_MATERIAL_LENGTH} characters). */
    public static RequestStates fromMaterial(String material, Clock clock) {
        if (material == null || material.strip().length() < MIN_MATERIAL_LENGTH) {
            throw new IllegalArgumentException("requestState key material must have at least " + MIN_MATERIAL_LENGTH
                    + " characters");
        }
        byte[] ikm = material.strip().getBytes(StandardCharsets.UTF_8);
        try {
            return new RequestStates(Hkdf.computeHkdf("HMACSHA256", ikm, SALT, AEAD_INFO, 32),
                    Hkdf.computeHkdf("HMACSHA256", ikm, SALT, DIGEST_INFO, 32), clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the requestState keys", e);
        }
    }

    /** Random keys for this process only: a retry reaching another instance is then refused. */
    public static RequestStates ephemeral() {
        SecureRandom random = new SecureRandom();
        byte[] aeadKey = new byte[32];
        byte[] digestKey = new byte[32];
        random.nextBytes(aeadKey);
        random.nextBytes(digestKey);
        try {
            return new RequestStates(aeadKey, digestKey, Clock.systemUTC());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the requestState keys", e);
        } finally {
            Arrays.fill(aeadKey, (byte) 0);
        }
    }

    /**
     * @param request the originating request: {@code method}, its params (the target and arguments;
     *                {@code _meta}, {@code inputResponses} and {@code requestState} are left out)
     */
    public String seal(String principal, String method, ObjectNode params, List<JsonNode> answers) {
        ObjectNode state = JSON.createObjectNode().put("v", 1).put("p", principal).put("m", method)
                .put("d", requestDigest(method, params)).put("exp", clock.millis() + TTL.toMillis());
        ArrayNode recorded = state.putArray("a");
        answers.forEach(recorded::add);
        try {
            byte[] sealed = aead.encrypt(JSON.writeValueAsBytes(state), ASSOCIATED);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a requestState", e);
        }
    }

    /** Verifies a state echoed with a retry of {@code method} with {@code params} by {@code principal}. */
    public Opened open(String sealed, String principal, String method, ObjectNode params) throws RejectedException {
        JsonNode state;
        try {
            state = JSON.readTree(aead.decrypt(Base64.getUrlDecoder().decode(sealed), ASSOCIATED));
        } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
            throw new RejectedException("requestState was not issued by this proxy or was altered");
        }
        if (!principal.equals(state.path("p").asText())) {
            throw new RejectedException("requestState belongs to another principal");
        }
        if (clock.millis() > state.path("exp").asLong()) {
            throw new RejectedException("requestState has expired");
        }
        if (!method.equals(state.path("m").asText())
                || !requestDigest(method, params).equals(state.path("d").asText())) {
            throw new RejectedException("requestState belongs to another request");
        }
        List<JsonNode> answers = new ArrayList<>();
        state.path("a").forEach(answers::add);
        return new Opened(answers);
    }

    private String requestDigest(String method, ObjectNode params) {
        ObjectNode salient = params.deepCopy();
        salient.remove(List.of("_meta", "inputResponses", "requestState"));
        salient.put("$method", method);
        return digest.digest(salient).value();
    }
}
