package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless mode: every caller uses the proxy's one long-lived connection per upstream. Nothing
 * connects a client's later answer to an upstream's question, so server-to-client requests are
 * refused toward the upstream (which turns them into a tool error) instead of hanging.
 */
public final class SharedUpstreams implements UpstreamAccess {
    private static final Logger log = LoggerFactory.getLogger(SharedUpstreams.class);

    /** The registry's shared connections. */
    @FunctionalInterface
    public interface Connections {
        UpstreamConnection shared(String upstream) throws UpstreamException;
    }

    private final Connections connections;
    private final String sessionId;

    /** @param sessionId the session header the client sent (ignored for routing), or null */
    public SharedUpstreams(Connections connections, String sessionId) {
        this.connections = connections;
        this.sessionId = sessionId;
    }

    @Override
    public UpstreamConnection connection(String upstream) throws UpstreamException {
        return connections.shared(upstream);
    }

    @Override
    public void serverRequest(String upstream, ObjectNode request, ReplyStream reply) {
        String method = request.path("method").asText();
        try {
            connections.shared(upstream).respond(JsonRpc.error(request.get("id"), JsonRpcErrors.METHOD_NOT_FOUND,
                    method + " is not available: the proxy runs in stateless mode (set server.sessionMode: stateful)"));
        } catch (UpstreamException e) {
            log.warn("A refused {} could not be passed on: {}", method, e.getMessage());
        }
    }

    @Override
    public void clientResponse(ObjectNode response) {
        log.debug("Ignored a client response: stateless mode relays no server-to-client requests");
    }

    /**
     * Nothing to do: a shared connection serves every caller, so one caller's cancellation (whose
     * request id another caller may use too) or roots change must not reach it.
     */
    @Override
    public void notifyOpenSessions(ObjectNode notification) {
        log.debug("Client notification not passed on in stateless mode");
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }
}
