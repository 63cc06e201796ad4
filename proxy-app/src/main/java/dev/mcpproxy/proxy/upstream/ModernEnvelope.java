package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a 2026-07-28 request to an upstream carries (basic/index "Per-request protocol fields",
 * transports/streamable-http "Standard Request Headers" and "Value Encoding"): the proxy's version,
 * capabilities and identity in {@code params._meta}, and {@code Mcp-Method} / {@code Mcp-Name}
 * mirrored from the body.
 */
final class ModernEnvelope {
    private static final Map<String, String> NAME_SOURCE = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");

    private ModernEnvelope() {
    }

    /** A copy of a request or notification with the per-request {@code _meta} keys added (existing keys win). */
    static ObjectNode wrap(ObjectNode message, ObjectNode clientCapabilities) {
        if (!message.has("method")) {
            return message;
        }
        ObjectNode wire = message.deepCopy();
        ObjectNode params = wire.get("params") instanceof ObjectNode existing ? existing : wire.putObject("params");
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", UpstreamEra.MODERN_VERSION);
        if (!meta.has("io.modelcontextprotocol/clientCapabilities")) {
            meta.set("io.modelcontextprotocol/clientCapabilities", clientCapabilities.deepCopy());
        }
        if (!meta.has("io.modelcontextprotocol/clientInfo")) {
            meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "agentcore-mcp-proxy")
                    .put("version", ProxyVersion.VERSION);
        }
        return wire;
    }

    /** The request headers mirrored from {@code wire}, names in lower case (with the tool's mirrored arguments). */
    static Map<String, String> headers(ObjectNode wire, UpstreamEra era) {
        Map<String, String> headers = new LinkedHashMap<>();
        String method = wire.path("method").asText(null);
        if (method == null) {
            return headers;
        }
        headers.put("mcp-method", method);
        String field = NAME_SOURCE.get(method);
        JsonNode name = field == null ? null : wire.path("params").get(field);
        if (name != null && name.isTextual()) {
            headers.put("mcp-name", headerValue(name.textValue()));
            if (method.equals("tools/call")) {
                JsonNode arguments = wire.path("params").path("arguments");
                for (McpParamHeaders.Param param : era.mirroredParams(name.textValue())) {
                    JsonNode value = param.valueIn(arguments);
                    if (value != null && value.isValueNode()) {
                        headers.put(McpParamHeaders.PREFIX.toLowerCase(Locale.ROOT)
                                + param.name().toLowerCase(Locale.ROOT), headerValue(McpParamHeaders.text(value)));
                    }
                }
            }
        }
        return headers;
    }

    /** The value as is when it is plain visible ASCII, else the {@code =?base64?…?=} sentinel form. */
    static String headerValue(String value) {
        boolean plain = !value.isEmpty() && value.strip().equals(value)
                && !(value.startsWith("=?base64?") && value.endsWith("?="));
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c >= 0x20 && c <= 0x7e;
        }
        return plain ? value
                : "=?base64?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
