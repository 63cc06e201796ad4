package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.contracts.ProtocolVersions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Which MCP era one upstream speaks, shared by all connections to it: configured
 * ({@code protocol: 2026-07-28 | 2025-11-25 | 2025-06-18 | 2025-03-26}) or, with {@code auto},
 * found once by probing with {@code server/discover} and falling back to the 2025 handshake
 * (2026-07-28 basic/versioning, "Backward Compatibility": the verdict is a property of the server
 * and is cached).
 */
public final class UpstreamEra {
    public static final String AUTO = "auto";
    public static final String MODERN_VERSION = ProtocolVersions.V2026_07_28;
    /** What {@code protocol} accepts. */
    public static final List<String> CHOICES = Stream.concat(Stream.of(AUTO), ProtocolVersions.NEWEST_FIRST.stream()).toList();

    private final String configured;
    private volatile Boolean modern;
    /** The x-mcp-header arguments of the upstream's tools, by upstream tool name, from its listings. */
    private final Map<String, List<McpParamHeaders.Param>> mirroredParams = new ConcurrentHashMap<>();

    /** @param configured the upstream's {@code protocol} setting */
    public UpstreamEra(String configured) {
        this.configured = configured;
        this.modern = AUTO.equals(configured) ? null : MODERN_VERSION.equals(configured);
    }

    /** Whether a connection should try 2026-07-28 first: pinned to it, or not probed yet. */
    boolean tryModern() {
        Boolean known = modern;
        return known == null || known;
    }

    /** Whether the era is pinned by configuration (then a failed probe is an error, not a fallback). */
    boolean pinnedModern() {
        return MODERN_VERSION.equals(configured);
    }

    void decided(boolean speaksModern) {
        modern = speaksModern;
    }

    /** Notes what a {@code tools/list} result says about mirrored arguments (any connection's listing). */
    void listed(JsonNode tools) {
        for (JsonNode tool : tools) {
            List<McpParamHeaders.Param> params = McpParamHeaders.of(tool.get("inputSchema"));
            if (params.isEmpty()) {
                mirroredParams.remove(tool.path("name").asText());
            } else {
                mirroredParams.put(tool.path("name").asText(), params);
            }
        }
    }

    List<McpParamHeaders.Param> mirroredParams(String tool) {
        return mirroredParams.getOrDefault(tool, List.of());
    }

    /** The 2025-era version to ask for in {@code initialize}. */
    String legacyVersion() {
        return AUTO.equals(configured) || MODERN_VERSION.equals(configured)
                ? StreamableHttpConnection.LATEST_PROTOCOL_VERSION : configured;
    }
}
