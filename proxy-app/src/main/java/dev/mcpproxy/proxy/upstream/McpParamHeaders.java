package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tool arguments a 2026-07-28 request mirrors into {@code Mcp-Param-{Name}} headers
 * (transports/streamable-http, "Custom Headers from Tool Parameters"): properties of the tool's
 * {@code inputSchema} marked {@code x-mcp-header}, reachable from the root through
 * {@code properties} keys only.
 */
public final class McpParamHeaders {
    public static final String PREFIX = "Mcp-Param-";

    /** One mirrored argument: where it sits in {@code arguments}, and the header's name part. */
    public record Param(List<String> path, String name) {

        /** The argument's value in {@code arguments}, or null when absent or null. */
        public JsonNode valueIn(JsonNode arguments) {
            JsonNode value = arguments;
            for (String key : path) {
                value = value.path(key);
            }
            return value.isMissingNode() || value.isNull() ? null : value;
        }
    }

    private McpParamHeaders() {
    }

    public static List<Param> of(JsonNode inputSchema) {
        List<Param> params = new ArrayList<>();
        if (inputSchema != null) {
            collect(inputSchema, List.of(), params);
        }
        return params;
    }

    private static void collect(JsonNode schema, List<String> path, List<Param> into) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            List<String> at = new ArrayList<>(path);
            at.add(property.getKey());
            JsonNode header = property.getValue().get("x-mcp-header");
            if (header != null && header.isTextual()) {
                into.add(new Param(List.copyOf(at), header.textValue()));
            }
            collect(property.getValue(), at, into);
        }
    }

    /** A primitive argument as its header text ("Value Encoding": strings as is, integers in decimal, booleans). */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.asText();
    }
}
