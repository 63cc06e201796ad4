package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.identity.Principal;

/** What {@code initialize} records about a client session, for later requests of the same session. */
public interface ClientSessionState {

    /** @param principal the caller who opened the session (null: anonymous), whom its own stream serves */
    void initialized(String protocolVersion, ObjectNode clientCapabilities, Principal principal);

    /** The negotiated version, or null before {@code initialize}. */
    String protocolVersion();
}
