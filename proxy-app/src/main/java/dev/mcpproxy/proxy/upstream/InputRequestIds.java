package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Ids of the server-to-client requests a 2026-07-28 upstream's {@code input_required} result turns
 * into: {@code input-<n>:<key>}, so whoever bridges them back into a 2026-07-28 result can keep
 * the upstream's own input request keys.
 */
public final class InputRequestIds {
    private static final String PREFIX = "input-";

    private InputRequestIds() {
    }

    static String id(long sequence, String key) {
        return PREFIX + sequence + ":" + key;
    }

    /** The upstream's input request key carried by {@code id}, or null when it is not such an id. */
    public static String key(JsonNode id) {
        if (id == null || !id.isTextual() || !id.textValue().startsWith(PREFIX)) {
            return null;
        }
        int colon = id.textValue().indexOf(':');
        return colon < 0 ? null : id.textValue().substring(colon + 1);
    }
}
