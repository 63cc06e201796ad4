package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds and classifies JSON-RPC 2.0 messages in Jackson's tree model, so unknown fields survive. */
public final class JsonRpc {

    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonRpc() {
    }

    public static Kind kind(JsonNode message) {
        if (!(message instanceof ObjectNode object) || !"2.0".equals(object.path("jsonrpc").textValue())) {
            return Kind.INVALID;
        }
        JsonNode method = object.get("method");
        JsonNode id = object.get("id");
        if (method != null) {
            if (!method.isTextual() || method.textValue().isEmpty()) {
                return Kind.INVALID;
            }
            JsonNode params = object.get("params");
            if (params != null && !params.isObject()) {
                return Kind.INVALID;
            }
            if (id == null) {
                return Kind.NOTIFICATION;
            }
            return validId(id) ? Kind.REQUEST : Kind.INVALID;
        }
        boolean answer = object.has("result") != object.has("error");
        return answer && id != null && validId(id) ? Kind.RESPONSE : Kind.INVALID;
    }

    /** MCP forbids null ids; JSON-RPC allows strings and integral numbers. */
    private static boolean validId(JsonNode id) {
        return id.isTextual() || id.isIntegralNumber();
    }

    public static ObjectNode request(JsonNode id, String method, ObjectNode params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    public static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0");
        message.set("id", id == null ? NullNode.instance : id);
        message.set("result", result);
        return message;
    }

    public static ObjectNode error(JsonNode id, int code, String text) {
        return error(id, code, text, null);
    }

    public static ObjectNode error(JsonNode id, int code, String text, JsonNode data) {
        ObjectNode error = JSON.objectNode().put("code", code).put("message", text);
        if (data != null) {
            error.set("data", data);
        }
        return errorWith(id, error);
    }

    /** A response carrying an already built {@code error} object. */
    public static ObjectNode errorWith(JsonNode id, ObjectNode error) {
        ObjectNode message = JSON.objectNode().put("jsonrpc", "2.0");
        message.set("id", id == null ? NullNode.instance : id);
        message.set("error", error);
        return message;
    }

    /** The request's params, created empty when absent so stages and routing can rely on an object. */
    public static ObjectNode params(ObjectNode request) {
        JsonNode params = request.get("params");
        return params instanceof ObjectNode object ? object : request.putObject("params");
    }
}
