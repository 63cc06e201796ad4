package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Thrown by a stage to reject a message. It becomes a JSON-RPC error toward the client and the
 * upstream is never called. The message must never contain a secret or a raw argument value.
 */
public class GovernanceException extends Exception {
    private final int code;
    private final transient JsonNode data;

    public GovernanceException(int code, String message) {
        this(code, message, null);
    }

    public GovernanceException(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    /** Optional {@code error.data}; may be null. */
    public JsonNode data() {
        return data;
    }
}
