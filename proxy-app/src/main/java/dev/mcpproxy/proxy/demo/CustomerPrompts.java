package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.util.List;

/** The demo's prompts: {@code summarize_customer} and {@code draft_email}. */
final class CustomerPrompts {
    static final List<String> FOCUS_VALUES = List.of("overview", "contact", "billing");

    private final ArrayNode descriptors;
    private final CustomerDirectory directory;
    private final ObjectMapper json;

    CustomerPrompts(ArrayNode descriptors, CustomerDirectory directory, ObjectMapper json) {
        this.descriptors = descriptors;
        this.directory = directory;
        this.json = json;
    }

    ArrayNode list() {
        return descriptors.deepCopy();
    }

    boolean exists(String name) {
        for (JsonNode prompt : descriptors) {
            if (prompt.get("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    ObjectNode get(String name, JsonNode arguments) throws DemoRpcException {
        return switch (name) {
            case "summarize_customer" -> summarize(arguments);
            case "draft_email" -> draftEmail(arguments);
            default -> throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Unknown prompt: " + name);
        };
    }

    private ObjectNode summarize(JsonNode arguments) throws DemoRpcException {
        ObjectNode customer = customer(arguments);
        String focus = arguments.path("focus").asText("overview");
        if (!FOCUS_VALUES.contains(focus)) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "focus must be one of " + FOCUS_VALUES);
        }
        String id = customer.get("id").asText();
        ObjectNode result = json.createObjectNode().put("description", "Summary of customer " + id);
        ArrayNode messages = result.putArray("messages");
        addText(messages, "Summarize customer " + id + " for a support agent in three sentences, focusing on "
                + focus + ". Use only the record below.");
        messages.addObject().put("role", "user").putObject("content")
                .put("type", "resource")
                .putObject("resource")
                .put("uri", CustomerResources.CUSTOMER_PREFIX + id)
                .put("mimeType", "application/json")
                .put("text", customer.toString());
        return result;
    }

    private ObjectNode draftEmail(JsonNode arguments) throws DemoRpcException {
        ObjectNode customer = customer(arguments);
        String topic = required(arguments, "topic");
        ObjectNode result = json.createObjectNode()
                .put("description", "Email to customer " + customer.get("id").asText());
        addText(result.putArray("messages"), "Draft a short, friendly email to " + customer.get("name").asText()
                + " <" + customer.get("email").asText() + "> about: " + topic + ". Sign it as Customer Care.");
        return result;
    }

    private ObjectNode customer(JsonNode arguments) throws DemoRpcException {
        String id = required(arguments, "customerId");
        return directory.find(id).orElseThrow(
                () -> new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "No customer with id " + id));
    }

    private static String required(JsonNode arguments, String name) throws DemoRpcException {
        String value = arguments.path(name).asText("");
        if (value.isEmpty()) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Missing required argument: " + name);
        }
        return value;
    }

    private static void addText(ArrayNode messages, String text) {
        messages.addObject().put("role", "user").putObject("content").put("type", "text").put("text", text);
    }
}
