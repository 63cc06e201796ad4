package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;

import java.util.List;
import java.util.function.Supplier;

/**
 * The session era, 2025-03-26 to 2025-11-25: {@code initialize} negotiates a version per session,
 * later requests repeat it in the {@code MCP-Protocol-Version} header, and only 2025-03-26 allows
 * JSON-RPC batches.
 */
public final class LegacyEra implements ProtocolEra {

    public static final List<String> VERSIONS = ProtocolVersions.LEGACY;
    /** What a server assumes when a request names no version (Streamable HTTP transport rules). */
    private static final String ASSUMED_VERSION = ProtocolVersions.V2025_03_26;
    private static final String BATCH_VERSION = ProtocolVersions.V2025_03_26;
    /** Where a request of a session-less era claims its version. */
    private static final String META_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";

    private final ObjectNode serverInfo;
    private final Supplier<ObjectNode> capabilities;
    private final String instructions;

    /**
     * @param capabilities the capabilities merged from the upstreams, asked at each initialize
     * @param instructions optional {@code instructions} for the client, or null
     */
    public LegacyEra(ObjectNode serverInfo, Supplier<ObjectNode> capabilities, String instructions) {
        this.serverInfo = serverInfo;
        this.capabilities = capabilities;
        this.instructions = instructions;
    }

    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public List<String> versions() {
        return VERSIONS;
    }

    @Override
    public boolean claims(String headerVersion, JsonNode body) {
        if (headerVersion != null) {
            return VERSIONS.contains(headerVersion);
        }
        return !claimsVersionInMeta(body);
    }

    private static boolean claimsVersionInMeta(JsonNode body) {
        if (body == null) {
            return false;
        }
        if (body.isArray()) {
            for (JsonNode message : body) {
                if (claimsVersionInMeta(message)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode claimed = body.path("params").path("_meta").path(META_VERSION_KEY);
        return claimed.isTextual() && !VERSIONS.contains(claimed.textValue());
    }

    @Override
    public boolean hasSessions() {
        return true;
    }

    @Override
    public boolean allowsBatch(String protocolVersion) {
        return BATCH_VERSION.equals(protocolVersion);
    }

    @Override
    public String messageVersion(String headerVersion, ClientSessionState session, JsonNode body) {
        if (headerVersion != null) {
            return headerVersion;
        }
        if (session != null && session.protocolVersion() != null) {
            return session.protocolVersion();
        }
        if (body != null && "initialize".equals(body.path("method").textValue())) {
            String requested = body.path("params").path("protocolVersion").textValue();
            return negotiate(requested);
        }
        return ASSUMED_VERSION;
    }

    @Override
    public JsonNode answerLocally(String method, ObjectNode params, CallContext context) throws JsonRpcException {
        if (!"initialize".equals(method)) {
            return null;
        }
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw new JsonRpcException(JsonRpcErrors.INVALID_PARAMS, "initialize: params.protocolVersion is required");
        }
        String version = negotiate(requested.textValue());
        if (context.session() != null) {
            context.session().initialized(version, objectOrEmpty(params.get("capabilities")), context.principal());
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("protocolVersion", version);
        result.set("capabilities", capabilities.get());
        result.set("serverInfo", serverInfo.deepCopy());
        if (instructions != null) {
            result.put("instructions", instructions);
        }
        return result;
    }

    /** The client's version when supported, else the newest this era speaks (the client may then disconnect). */
    private static String negotiate(String requested) {
        return requested != null && VERSIONS.contains(requested) ? requested : VERSIONS.getLast();
    }

    private static ObjectNode objectOrEmpty(JsonNode node) {
        return node instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
    }
}
