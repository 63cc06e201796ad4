package dev.mcpproxy.proxy.dispatch;

import dev.mcpproxy.proxy.identity.Principal;

/**
 * Everything the dispatcher knows about the caller of one message.
 *
 * @param protocolVersion the version this message speaks (header, session or era default)
 * @param session         the client session, or null (stateless mode, or before initialize)
 */
public record CallContext(ProtocolEra era, String protocolVersion, Principal principal, UpstreamAccess upstreams,
                          ClientSessionState session, ReplyStream reply) {

    public String sessionId() {
        return upstreams.sessionId();
    }
}
