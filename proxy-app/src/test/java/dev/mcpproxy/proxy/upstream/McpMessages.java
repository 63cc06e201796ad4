package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/** Builds the JSON-RPC messages the tests send. */
final class McpMessages {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private McpMessages() {
    }

    static ObjectNode request(Object id, String method, String paramsJson) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.set("id", MAPPER.valueToTree(id));
        request.put("method", method);
        request.set("params", json(paramsJson));
        return request;
    }

    static ObjectNode callTool(Object id, String tool, String argumentsJson) {
        ObjectNode request = request(id, "tools/call", "{}");
        ObjectNode params = (ObjectNode) request.get("params");
        params.put("name", tool);
        params.set("arguments", json(argumentsJson));
        return request;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
