package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.McpParamHeaders;
import org.eclipse.jetty.http.HttpFields;

import java.math.BigDecimal;

/**
 * The {@code Mcp-Param-{Name}} headers of a 2026-07-28 {@code tools/call} (transports/streamable-http,
 * "Custom Headers from Tool Parameters"): for every argument the tool's {@code inputSchema} marks
 * with {@code x-mcp-header} (reachable through {@code properties} only), a value present in the
 * body must come with its header, equal after Base64 decoding (integers compared as numbers).
 */
final class ParamHeaderCheck {
    private static final String PREFIX = McpParamHeaders.PREFIX;

    private ParamHeaderCheck() {
    }

    /** Null when the headers match the arguments; else the 400 HeaderMismatch refusal. */
    static ModernRequestCheck.Refusal check(HttpFields headers, ObjectNode request, JsonNode inputSchema) {
        if (inputSchema == null) {
            return null;
        }
        JsonNode arguments = request.path("params").path("arguments");
        for (McpParamHeaders.Param parameter : McpParamHeaders.of(inputSchema)) {
            JsonNode value = parameter.valueIn(arguments);
            if (value == null) {
                continue;
            }
            String header = headers.get(PREFIX + parameter.name());
            if (header == null) {
                return refusal(request, "the " + PREFIX + parameter.name() + " header is required");
            }
            String decoded = ModernRequestCheck.decode(header.strip());
            if (decoded == null || !matches(decoded, value)) {
                return refusal(request, PREFIX + parameter.name() + " header value does not match the argument");
            }
        }
        return null;
    }

    private static boolean matches(String header, JsonNode value) {
        if (value.isTextual()) {
            return header.equals(value.textValue());
        }
        if (value.isBoolean()) {
            return header.equals(value.asText());
        }
        if (value.isNumber()) {
            try {
                return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static ModernRequestCheck.Refusal refusal(ObjectNode request, String why) {
        return new ModernRequestCheck.Refusal(400, JsonRpc.error(request.get("id"), JsonRpcErrors.HEADER_MISMATCH,
                "Header mismatch: " + why));
    }
}
