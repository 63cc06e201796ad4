package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpc;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

/**
 * The proxy's own answers to server-to-client requests that no client will see (stateless mode,
 * and the shared upstream sessions): {@code ping} is answered at once, as its receiver must; every
 * other request is refused with {@code -32601}, what the specification has a client answer to a
 * request it does not support (2025-11-25, roots: "Client does not support roots: -32601").
 */
public final class UnrelayedServerRequests {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private UnrelayedServerRequests() {
    }

    /** The answer to {@code request}: an empty result for {@code ping}, else a refusal saying {@code why}. */
    public static ObjectNode answer(ObjectNode request, String why) {
        JsonNode id = request.get("id");
        String method = request.path("method").asText();
        if ("ping".equals(method)) {
            return JsonRpc.result(id, JSON.objectNode());
        }
        ObjectNode data = JSON.objectNode().put("method", method).put("reason", why);
        return JsonRpc.error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not supported by the client: " + method
                + " (" + why + ")", data);
    }

    /** The client capability a server-to-client request needs ({@code sampling}, ...), or null. */
    public static String requiredCapability(String method) {
        return switch (method) {
            case "sampling/createMessage" -> "sampling";
            case "elicitation/create" -> "elicitation";
            case "roots/list" -> "roots";
            default -> null;
        };
    }
}
