package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;

/**
 * The upstream connections one client uses: the shared ones in stateless mode, its own sessions
 * in stateful mode. Also decides what happens to server-to-client requests, which only a client
 * session can relay.
 */
public interface UpstreamAccess {

    UpstreamConnection connection(String upstream) throws UpstreamException;

    /**
     * A request (sampling, elicitation, roots, ping) that the upstream sent while answering
     * {@code call}; it is answered at once or relayed to the client, never left waiting.
     */
    void serverRequest(ForwardedCall call, ObjectNode request, ReplyStream reply);

    /** The client answered a relayed server-to-client request. */
    void clientResponse(ObjectNode response);

    /**
     * Passes a client notification that concerns the upstream sessions ({@code notifications/cancelled},
     * {@code notifications/roots/list_changed}) to every upstream session this client has open.
     */
    void notifyOpenSessions(ObjectNode notification);

    /**
     * True when the connections serve every caller (stateless mode): then per-session state such
     * as a log level must not be set on them for one caller.
     */
    boolean shared();

    /** The client session id, or null without one. */
    String sessionId();
}
