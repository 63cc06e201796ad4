package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;

import java.util.List;

/**
 * What differs between generations of the protocol on the request path: which versions a request
 * may claim, whether there are sessions and batches, and which methods the era answers itself.
 * Routing, governance and forwarding are shared by all eras. The legacy era
 * (2025-03-26 to 2025-11-25) is {@link LegacyEra}; a session-less era with per-request metadata
 * (2026-07-28) is another implementation selected per request by {@link ProtocolEras}.
 */
public interface ProtocolEra {

    String name();

    /** The protocol versions of this era, oldest first. */
    List<String> versions();

    /**
     * Whether a message belongs to this era, judged from its {@code MCP-Protocol-Version} header
     * (null when absent) and its body (an object or a batch array).
     */
    boolean claims(String headerVersion, JsonNode body);

    /** Whether clients start with {@code initialize} and keep a session. */
    boolean hasSessions();

    boolean allowsBatch(String protocolVersion);

    /** The version a message speaks: from its header, the session's negotiation, or the era default. */
    String messageVersion(String headerVersion, ClientSessionState session, JsonNode body);

    /**
     * Answers a method that belongs to the era itself ({@code initialize} for the legacy era), or
     * returns null when the method is not the era's own.
     */
    JsonNode answerLocally(String method, ObjectNode params, CallContext context) throws JsonRpcException;

    /**
     * The params forwarded to an upstream, from the client's (a copy the method may change): drops
     * what belongs to the client's era alone.
     */
    default ObjectNode upstreamParams(ObjectNode params) {
        return params;
    }

    /** The response as this era words it (result fields it requires, error codes it uses); changed in place. */
    default ObjectNode shapeResponse(String method, ObjectNode response) {
        return response;
    }
}
