package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import dev.mcpproxy.proxy.dispatch.UpstreamAccess;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import dev.mcpproxy.proxy.upstream.UpstreamConnection;
import dev.mcpproxy.proxy.upstream.UpstreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The upstream connections of one 2026-07-28 request: always the shared ones (the era has no
 * sessions). A question an upstream asks while answering (elicitation, sampling, roots) needs a
 * capability the client declares per request; when it did not, the request ends with
 * {@code MissingRequiredClientCapability} ({@link #missingCapability()}). Asking the client
 * itself needs a multi round-trip bridge, which this proxy does not offer yet, so the upstream is
 * told why it gets no answer.
 */
final class ModernUpstreams implements UpstreamAccess {
    private static final Logger log = LoggerFactory.getLogger(ModernUpstreams.class);
    /** The client capability each server-to-client request needs (2026-07-28 ClientCapabilities). */
    private static final Map<String, String> NEEDED = Map.of("elicitation/create", "elicitation",
            "sampling/createMessage", "sampling", "roots/list", "roots");

    private final SharedUpstreams.Connections connections;
    private final ObjectNode clientCapabilities;
    private volatile String missingCapability;

    ModernUpstreams(SharedUpstreams.Connections connections, ObjectNode clientCapabilities) {
        this.connections = connections;
        this.clientCapabilities = clientCapabilities;
    }

    @Override
    public UpstreamConnection connection(String upstream) throws UpstreamException {
        return connections.shared(upstream);
    }

    @Override
    public void serverRequest(String upstream, ObjectNode request, ReplyStream reply) {
        String method = request.path("method").asText();
        String capability = NEEDED.get(method);
        String refusal;
        if (capability != null && !clientCapabilities.has(capability)) {
            missingCapability = capability;
            refusal = method + " is not available: the client did not declare the '" + capability
                    + "' capability in this request";
        } else {
            refusal = method + " cannot reach a 2026-07-28 client through this proxy: it does not bridge"
                    + " server-to-client requests into input_required results";
        }
        try {
            connections.shared(upstream).respond(JsonRpc.error(request.get("id"), JsonRpcErrors.METHOD_NOT_FOUND,
                    refusal));
        } catch (UpstreamException e) {
            log.warn("A refused {} could not be passed on: {}", method, e.getMessage());
        }
    }

    /** The capability an upstream needed from the client but the client did not declare, or null. */
    String missingCapability() {
        return missingCapability;
    }

    /** The {@code MissingRequiredClientCapability} error for {@link #missingCapability()}. */
    ObjectNode missingCapabilityError(JsonNode id) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("requiredCapabilities").putObject(missingCapability);
        return JsonRpc.error(id, JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: " + missingCapability, data);
    }

    @Override
    public void clientResponse(ObjectNode response) {
        log.debug("Ignored a client response: 2026-07-28 clients send none");
    }

    @Override
    public void notifyOpenSessions(ObjectNode notification) {
        log.debug("Client notification not passed on: a 2026-07-28 client has no upstream sessions");
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String sessionId() {
        return null;
    }
}
