package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.upstream.MessageSink;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;

/** Opens an upstream session on behalf of one client session. */
@FunctionalInterface
public interface UpstreamSessionOpener {

    /**
     * @param clientCapabilities the client's own capabilities, so the upstream may ask it for
     *                           sampling, elicitation or roots
     * @param sink               receives what the upstream sends outside of a request
     */
    UpstreamConnection open(String upstream, ObjectNode clientCapabilities, MessageSink sink)
            throws UpstreamException;
}
