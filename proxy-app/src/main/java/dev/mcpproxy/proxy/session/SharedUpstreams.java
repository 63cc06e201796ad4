package dev.mcpproxy.proxy.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ForwardedCall;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.UnrelayedServerRequests;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Stateless mode: every caller uses the proxy's one long-lived connection per upstream. Nothing
 * connects a client's later answer to an upstream's question, so server-to-client requests are
 * answered by the proxy at once: {@code ping} with an empty result, everything else refused with
 * {@code -32601} (the upstream then usually ends the call with its own error). An upstream that
 * keeps waiting anyway gets {@link #REFUSED_REQUEST_GRACE} to end the call; then the client gets a
 * {@code -32021} error naming the call, the request and the setting that would allow it.
 */
public final class SharedUpstreams implements UpstreamAccess {
    private static final Logger log = LoggerFactory.getLogger(SharedUpstreams.class);

    /** The registry's shared connections. */
    @FunctionalInterface
    public interface Connections {
        UpstreamConnection shared(String upstream) throws UpstreamException;
    }

    /** How long an upstream may still take to end a call after the proxy refused its request to the client. */
    public static final Duration REFUSED_REQUEST_GRACE = Duration.ofSeconds(5);
    private static final String STATELESS = "the proxy runs in stateless mode, where no client can be asked; "
            + "server.sessionMode: stateful relays it";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
    public void serverRequest(ForwardedCall call, ObjectNode request, ReplyStream reply) {
        ObjectNode answer = UnrelayedServerRequests.answer(request, STATELESS);
        String method = request.path("method").asText();
        try {
            UpstreamConnection connection = connections.shared(call.upstream());
            if (answer.has("error")) {
                log.debug("Refused {} from upstream '{}' in stateless mode", method, call.upstream());
                connection.refuse(answer, REFUSED_REQUEST_GRACE, abandoned(call, method));
            } else {
                connection.respond(answer);
            }
        } catch (UpstreamException e) {
            log.warn("The proxy's answer to {} could not be passed on: {}", method, e.getMessage());
        }
    }

    /** What the client gets when the upstream neither answers nor gives up after the refusal. */
    private static ObjectNode abandoned(ForwardedCall call, String serverRequest) {
        ObjectNode data = JSON.objectNode().put("upstream", call.upstream()).put("method", call.method());
        if (call.target() != null) {
            data.put("target", call.target());
        }
        data.put("serverRequest", serverRequest);
        String capability = UnrelayedServerRequests.requiredCapability(serverRequest);
        if (capability != null) {
            data.putObject("requiredCapabilities").putObject(capability);
        }
        data.put("setting", "server.sessionMode: stateful");
        return JsonRpc.error(null, JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, call.describe() + " needs "
                + serverRequest + " from the client, which the proxy cannot relay in stateless mode: upstream '"
                + call.upstream() + "' kept waiting for it " + REFUSED_REQUEST_GRACE.toSeconds()
                + " s after the refusal. Set server.sessionMode: stateful", data);
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
