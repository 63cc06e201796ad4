package dev.mcpproxy.proxy.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcException;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The session-less era, 2026-07-28: every request names its version and client capabilities in
 * {@code params._meta}, there is no {@code initialize}, no session and no batch, and
 * {@code server/discover} says what the proxy serves. Results carry {@code resultType}; cacheable
 * results carry {@code ttlMs} and {@code cacheScope}; every result names the proxy in
 * {@code _meta}. Methods the revision removed are unknown here.
 */
public final class ModernEra implements ProtocolEra {

    public static final List<String> VERSIONS = ProtocolVersions.MODERN;
    public static final String META_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    /** Removed by 2026-07-28 (changelog: SEP-2575; subscriptions/listen replaces resource subscriptions). */
    private static final Set<String> REMOVED = Set.of("initialize", "ping", "logging/setLevel",
            "resources/subscribe", "resources/unsubscribe");
    /** The results that extend CacheableResult in the 2026-07-28 schema. */
    private static final Set<String> CACHEABLE = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "resources/read", "server/discover");
    private static final Set<String> LISTINGS = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list");
    /**
     * Per-request keys that belong to the client's hop; the proxy sends its own version and identity
     * upstream. The client's capabilities and log level stay: they say what the proxy can get
     * answered and which log messages the client wants (a 2026-07-28 upstream reads them; a
     * 2025-era one ignores the keys).
     */
    private static final List<String> REQUEST_ONLY_META = List.of(META_VERSION, META_CLIENT_INFO);

    private final ObjectNode serverInfo;
    private final Supplier<ObjectNode> capabilities;
    private final List<String> supportedVersions;
    private final long listingTtlMs;
    private final boolean listingsPerCaller;

    /**
     * @param capabilities      the capabilities merged from the upstreams
     * @param supportedVersions every version the endpoint serves, for {@code server/discover}
     * @param listingTtlMs      how long a listing stays fresh: the federation's refresh interval
     * @param listingsPerCaller whether governance filters listings per caller (then they are private)
     */
    public ModernEra(ObjectNode serverInfo, Supplier<ObjectNode> capabilities, List<String> supportedVersions,
                     long listingTtlMs, boolean listingsPerCaller) {
        this.serverInfo = serverInfo;
        this.capabilities = capabilities;
        this.supportedVersions = List.copyOf(supportedVersions);
        this.listingTtlMs = listingTtlMs;
        this.listingsPerCaller = listingsPerCaller;
    }

    @Override
    public String name() {
        return "modern";
    }

    @Override
    public List<String> versions() {
        return VERSIONS;
    }

    /**
     * A modern version in the header, or a {@code _meta} version claim that is no legacy version
     * (an unknown one too: it is then refused as unsupported with the versions served).
     */
    @Override
    public boolean claims(String headerVersion, JsonNode body) {
        return headerVersion != null && VERSIONS.contains(headerVersion) || claimsInMeta(body);
    }

    private static boolean claimsInMeta(JsonNode body) {
        if (body == null) {
            return false;
        }
        if (body.isArray()) {
            for (JsonNode message : body) {
                if (claimsInMeta(message)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode claimed = body.path("params").path("_meta").path(META_VERSION);
        return claimed.isTextual() && !LegacyEra.VERSIONS.contains(claimed.textValue());
    }

    @Override
    public boolean hasSessions() {
        return false;
    }

    @Override
    public boolean allowsBatch(String protocolVersion) {
        return false;
    }

    @Override
    public String messageVersion(String headerVersion, ClientSessionState session, JsonNode body) {
        JsonNode claimed = body == null ? null : body.path("params").path("_meta").get(META_VERSION);
        return claimed != null && claimed.isTextual() ? claimed.textValue() : headerVersion;
    }

    @Override
    public JsonNode answerLocally(String method, ObjectNode params, CallContext context) throws JsonRpcException {
        if (REMOVED.contains(method)) {
            throw new JsonRpcException(JsonRpcErrors.METHOD_NOT_FOUND,
                    "Method not found: " + method + " is not part of protocol version 2026-07-28");
        }
        if (!"server/discover".equals(method)) {
            return null;
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("supportedVersions", JsonNodeFactory.instance.arrayNode().addAll(
                supportedVersions.stream().map(JsonNodeFactory.instance::textNode).toList()));
        result.set("capabilities", discoveredCapabilities());
        return result;
    }

    /**
     * The upstreams' merged capabilities ({@code resources.subscribe}: resource updates on
     * {@code subscriptions/listen}); the proxy adds no extensions of its own.
     */
    private ObjectNode discoveredCapabilities() {
        return capabilities.get().deepCopy();
    }

    /** Also drops the multi round-trip fields, which the proxy itself answers (server.ModernEndpoint). */
    @Override
    public ObjectNode upstreamParams(ObjectNode params) {
        params.remove(List.of("inputResponses", "requestState"));
        if (!(params.get("_meta") instanceof ObjectNode meta)) {
            return params;
        }
        meta.remove(REQUEST_ONLY_META);
        if (meta.isEmpty()) {
            params.remove("_meta");
        }
        return params;
    }

    @Override
    public ObjectNode shapeResponse(String method, ObjectNode response) {
        if (response.get("result") instanceof ObjectNode result) {
            shapeResult(method, result);
        } else if (response.get("error") instanceof ObjectNode error
                && error.path("code").asInt() == JsonRpcErrors.RESOURCE_NOT_FOUND) {
            // 2026-07-28 retired -32002: an unknown resource is invalid params.
            error.put("code", JsonRpcErrors.INVALID_PARAMS);
        }
        return response;
    }

    private void shapeResult(String method, ObjectNode result) {
        if (!result.has("resultType")) {
            result.put("resultType", "complete");
        }
        if (CACHEABLE.contains(method) && !result.has("ttlMs")) {
            boolean listing = LISTINGS.contains(method) || "server/discover".equals(method);
            result.put("ttlMs", listing ? listingTtlMs : 0);
            result.put("cacheScope", listing && !listingsPerCaller ? "public" : "private");
        }
        ObjectNode meta = result.get("_meta") instanceof ObjectNode existing ? existing : result.putObject("_meta");
        meta.set(META_SERVER_INFO, serverInfo.deepCopy());
    }
}
