package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the ids of server-to-client requests: the client sees an id the proxy made up (so requests
 * of different upstreams never collide), and its answer goes back to the upstream under the
 * upstream's own id.
 */
final class ServerRequestRelay {
    /** Unanswered requests kept at most; beyond it the oldest answers would be dropped anyway. */
    private static final int MAX_PENDING = 1024;

    record Pending(String upstream, JsonNode upstreamId) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Returns the id to show the client, or null when too many requests are unanswered. */
    String register(String upstream, JsonNode upstreamId) {
        if (pending.size() >= MAX_PENDING) {
            return null;
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String id = "proxy-" + HexFormat.of().formatHex(bytes);
        pending.put(id, new Pending(upstream, upstreamId));
        return id;
    }

    Optional<Pending> take(JsonNode clientId) {
        return clientId != null && clientId.isTextual()
                ? Optional.ofNullable(pending.remove(clientId.textValue())) : Optional.empty();
    }
}
