package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What {@code initialize} records about a client session, for later requests of the same session. */
public interface ClientSessionState {

    void initialized(String protocolVersion, ObjectNode clientCapabilities);

    /** The negotiated version, or null before {@code initialize}. */
    String protocolVersion();
}
