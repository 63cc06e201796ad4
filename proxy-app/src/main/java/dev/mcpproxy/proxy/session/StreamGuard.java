package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;

/**
 * Governs a request an upstream sends on a stateful session's own stream (not while answering a
 * call) before it reaches the client: the session has one caller, the one who opened it.
 */
@FunctionalInterface
public interface StreamGuard {

    StreamGuard NONE = (principal, sessionId, request) -> {
    };

    /** May change {@code request} in place. */
    void onStreamRequest(Principal principal, String sessionId, ObjectNode request);
}
