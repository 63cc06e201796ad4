package dev.mcpproxy.proxy.resilience;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** Which requests may be sent again after a failure. */
public final class Idempotency {
    private static final Set<String> SAFE_METHODS = Set.of("initialize", "ping", "tools/list", "resources/list",
            "resources/templates/list", "resources/read", "prompts/list", "prompts/get", "completion/complete");

    private Idempotency() {
    }

    /**
     * Listings, reads and pings are; a {@code tools/call} is only when the tool's descriptor says
     * so in its annotations ({@code idempotentHint} or {@code readOnlyHint} true). Anything else is not.
     *
     * @param descriptor the tool's descriptor as the upstream listed it, or null
     */
    public static boolean isIdempotent(String method, JsonNode descriptor) {
        if (SAFE_METHODS.contains(method)) {
            return true;
        }
        if (!"tools/call".equals(method) || descriptor == null) {
            return false;
        }
        JsonNode annotations = descriptor.path("annotations");
        return annotations.path("idempotentHint").asBoolean(false) || annotations.path("readOnlyHint").asBoolean(false);
    }
}
