package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.contracts.ProtocolVersions;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The demo's MCP methods, transport-free: one JSON-RPC request in, one response out. Stateless,
 * so every request stands alone and no session is kept between {@code initialize} and the rest.
 */
final class DemoMcpServer {
    /** Newest first: the answer to a client asking for a version the demo does not speak. */
    static final List<String> PROTOCOL_VERSIONS = ProtocolVersions.LEGACY.reversed();

    private static final String INSTRUCTIONS = "Fictitious customer records for trying out the MCP proxy. "
            + "Find customers with search_customers, read one with lookup_customer or customers://{id}.";

    private final ObjectMapper json;
    private final CustomerTools tools;
    private final CustomerResources resources;
    private final CustomerPrompts prompts;
    private final ArgumentCompletion completion;

    DemoMcpServer(ObjectMapper json) {
        this.json = json;
        ObjectNode catalog = catalog(json);
        CustomerDirectory directory = CustomerDirectory.seeded(json);
        ArrayNode toolDescriptors = (ArrayNode) catalog.get("tools");
        this.tools = new CustomerTools(toolDescriptors, directory, json);
        this.resources = new CustomerResources((ArrayNode) catalog.get("resources"),
                (ArrayNode) catalog.get("resourceTemplates"), customerSchema(toolDescriptors),
                directory, json);
        this.prompts = new CustomerPrompts((ArrayNode) catalog.get("prompts"), directory, json);
        this.completion = new ArgumentCompletion(prompts, directory, json);
    }

    private static ObjectNode catalog(ObjectMapper json) {
        try (InputStream in = DemoMcpServer.class.getResourceAsStream("catalog.json")) {
            return (ObjectNode) json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("The demo's catalog.json is unreadable", e);
        }
    }

    /** The record schema is the output schema of {@code lookup_customer}; kept once, in the catalog. */
    private static JsonNode customerSchema(ArrayNode toolDescriptors) {
        for (JsonNode tool : toolDescriptors) {
            if (tool.get("name").asText().equals("lookup_customer")) {
                return tool.get("outputSchema");
            }
        }
        throw new IllegalStateException("The demo's catalog.json has no lookup_customer tool");
    }

    /** Answers a request (a message with both {@code method} and {@code id}). */
    ObjectNode handle(ObjectNode request) {
        ObjectNode response = json.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        JsonNode params = request.path("params");
        try {
            response.set("result", dispatch(request.path("method").asText(), params));
        } catch (DemoRpcException e) {
            ObjectNode error = response.putObject("error").put("code", e.code()).put("message", e.getMessage());
            if (e.data() != null) {
                error.set("data", e.data());
            }
        }
        return response;
    }

    private JsonNode dispatch(String method, JsonNode params) throws DemoRpcException {
        return switch (method) {
            case "initialize" -> initialize(params);
            case "ping" -> json.createObjectNode();
            case "tools/list" -> listing(params, "tools", tools.list());
            case "tools/call" -> tools.call(requiredText(params, "name"), params.get("arguments"));
            case "resources/list" -> listing(params, "resources", resources.list());
            case "resources/templates/list" -> listing(params, "resourceTemplates", resources.templates());
            case "resources/read" -> resources.read(requiredText(params, "uri"));
            case "prompts/list" -> listing(params, "prompts", prompts.list());
            case "prompts/get" -> prompts.get(requiredText(params, "name"), params.path("arguments"));
            case "completion/complete" -> completion.complete(params);
            default -> throw new DemoRpcException(JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    private ObjectNode initialize(JsonNode params) {
        String requested = params.path("protocolVersion").asText();
        ObjectNode result = json.createObjectNode()
                .put("protocolVersion", PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.get(0));
        result.set("capabilities", capabilities());
        result.set("serverInfo", serverInfo());
        result.put("instructions", INSTRUCTIONS);
        return result;
    }

    /** What the demo offers, in either era ({@code initialize} and {@code server/discover}). */
    ObjectNode capabilities() {
        ObjectNode capabilities = json.createObjectNode();
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("resources").put("subscribe", false).put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        capabilities.putObject("completions");
        return capabilities;
    }

    ObjectNode serverInfo() {
        return json.createObjectNode()
                .put("name", "mcp-proxy-demo")
                .put("title", "Customer records demo")
                .put("version", "1.0.0");
    }

    /** Every list fits one page, so the demo never hands out a cursor and rejects any it is given. */
    private ObjectNode listing(JsonNode params, String field, ArrayNode items) throws DemoRpcException {
        if (params.hasNonNull("cursor")) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Invalid cursor");
        }
        ObjectNode result = json.createObjectNode();
        result.set(field, items);
        return result;
    }

    private static String requiredText(JsonNode params, String field) throws DemoRpcException {
        JsonNode value = params.get(field);
        if (value == null || !value.isTextual()) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "params." + field + " must be a string");
        }
        return value.asText();
    }
}
