package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ModernEra;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import org.eclipse.jetty.http.HttpFields;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the 2026-07-28 revision requires of a request before it is served: the per-request
 * {@code _meta} keys (basic/index, "Per-request protocol fields"), and the {@code MCP-Protocol-Version},
 * {@code Mcp-Method} and {@code Mcp-Name} headers matching the body (transports/streamable-http,
 * "Server Validation"). The body is always the truth; the headers only ever add a refusal. Also
 * used by the demo upstream, which serves both eras too.
 */
public final class ModernRequestCheck {
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    /** Where {@code Mcp-Name} comes from, per method (the standard request headers table). */
    private static final Map<String, String> NAME_SOURCE = Map.of("tools/call", "name", "prompts/get", "name",
            "resources/read", "uri");
    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A refused request: the HTTP status and the JSON-RPC error to answer with. */
    public record Refusal(int status, ObjectNode error) {
    }

    private ModernRequestCheck() {
    }

    /**
     * @param request   a JSON-RPC request (object with method and id)
     * @param supported every version the endpoint serves, for {@code data.supported}
     * @return null when the request may be served
     */
    public static Refusal check(HttpFields headers, ObjectNode request, List<String> supported) {
        JsonNode id = request.get("id");
        String method = request.get("method").textValue();
        String methodHeader = headers.get(METHOD_HEADER);
        if (methodHeader == null) {
            return mismatch(id, "the Mcp-Method header is required");
        }
        if (!methodHeader.equals(method)) {
            return mismatch(id, "Mcp-Method header value '" + methodHeader + "' does not match body value '"
                    + method + "'");
        }
        JsonNode meta = request.path("params").path("_meta");
        JsonNode version = meta.get(ModernEra.META_VERSION);
        if (version == null || !version.isTextual()) {
            return invalidParams(id, "params._meta[\"" + ModernEra.META_VERSION + "\"] is required (a string)");
        }
        String versionHeader = headers.get(McpEndpoint.VERSION_HEADER);
        if (versionHeader == null) {
            return mismatch(id, "the MCP-Protocol-Version header is required");
        }
        if (!versionHeader.equals(version.textValue())) {
            return mismatch(id, "MCP-Protocol-Version header value '" + versionHeader
                    + "' does not match body value '" + version.textValue() + "'");
        }
        if (!ModernEra.VERSIONS.contains(version.textValue())) {
            return unsupportedVersion(id, version.textValue(), supported);
        }
        if (!(meta.get(ModernEra.META_CLIENT_CAPABILITIES) instanceof ObjectNode)) {
            return invalidParams(id, "params._meta[\"" + ModernEra.META_CLIENT_CAPABILITIES
                    + "\"] is required (an object)");
        }
        String nameField = NAME_SOURCE.get(method);
        return nameField == null ? null : checkName(id, headers.get(NAME_HEADER), request.path("params").get(nameField),
                nameField);
    }

    private static Refusal checkName(JsonNode id, String header, JsonNode body, String field) {
        if (header == null) {
            return mismatch(id, "the Mcp-Name header is required for this method");
        }
        String decoded = decode(header);
        if (decoded == null) {
            return mismatch(id, "the Mcp-Name header is not valid Base64-encoded UTF-8");
        }
        if (body == null || !body.isTextual() || !decoded.equals(body.textValue())) {
            return mismatch(id, "Mcp-Name header value does not match body value params." + field);
        }
        return null;
    }

    /** A header value, decoded when it uses the {@code =?base64?…?=} sentinel; null when that is malformed. */
    static String decode(String header) {
        if (!header.startsWith(BASE64_PREFIX) || !header.endsWith(BASE64_SUFFIX)
                || header.length() < BASE64_PREFIX.length() + BASE64_SUFFIX.length()) {
            return header;
        }
        String encoded = header.substring(BASE64_PREFIX.length(), header.length() - BASE64_SUFFIX.length());
        if (encoded.length() % 4 != 0) {
            // Padding is required (SEP-2243's test cases); Java's decoder would accept it missing.
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    public static Refusal unsupportedVersion(JsonNode id, String requested, List<String> supported) {
        ObjectNode data = JSON.objectNode();
        data.set("supported", JSON.arrayNode().addAll(supported.stream().map(JSON::textNode).toList()));
        data.put("requested", requested);
        return new Refusal(400, JsonRpc.error(id, JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version: " + requested, data));
    }

    private static Refusal mismatch(JsonNode id, String why) {
        return new Refusal(400, JsonRpc.error(id, JsonRpcErrors.HEADER_MISMATCH, "Header mismatch: " + why));
    }

    private static Refusal invalidParams(JsonNode id, String why) {
        return new Refusal(400, JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "Invalid params: " + why));
    }
}
