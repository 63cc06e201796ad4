package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;

/**
 * Governs a message an upstream sends on a stateful session's own stream (not while answering a
 * call), a request or a notification, before it reaches the client: the session has one caller,
 * the one who opened it. Messages streamed while answering a call are governed as that call's.
 */
@FunctionalInterface
public interface StreamGuard {

    /** May change {@code message} in place. */
    void onStreamMessage(Principal principal, String sessionId, ObjectNode message);
}
