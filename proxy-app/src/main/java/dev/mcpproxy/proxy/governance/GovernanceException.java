package dev.mcpproxy.proxy.governance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;

/**
 * Thrown by a stage to reject a message. It becomes a JSON-RPC error toward the client and the
 * upstream is never called. The message must never contain a secret or a raw argument value.
 */
public class GovernanceException extends JsonRpcException {

    public GovernanceException(int code, String message) {
        super(code, message);
    }

    /** @param data optional {@code error.data}; may be null */
    public GovernanceException(int code, String message, JsonNode data) {
        super(code, message, data);
    }
}
