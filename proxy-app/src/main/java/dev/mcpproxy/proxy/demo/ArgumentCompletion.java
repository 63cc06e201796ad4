package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.util.List;
import java.util.Locale;

/** {@code completion/complete} for the prompts' arguments and the {@code customers://{id}} template. */
final class ArgumentCompletion {
    private static final String CUSTOMER_TEMPLATE = "customers://{id}";
    private static final List<String> TOPICS = List.of("address change", "card expiry", "payment reminder", "welcome");

    private final CustomerPrompts prompts;
    private final CustomerDirectory directory;
    private final ObjectMapper json;

    ArgumentCompletion(CustomerPrompts prompts, CustomerDirectory directory, ObjectMapper json) {
        this.prompts = prompts;
        this.directory = directory;
        this.json = json;
    }

    ObjectNode complete(JsonNode params) throws DemoRpcException {
        JsonNode ref = params.path("ref");
        String argument = params.path("argument").path("name").asText();
        String prefix = params.path("argument").path("value").asText("").toLowerCase(Locale.ROOT);
        List<String> candidates = switch (ref.path("type").asText()) {
            case "ref/prompt" -> promptCandidates(ref.path("name").asText(), argument);
            case "ref/resource" -> templateCandidates(ref.path("uri").asText(), argument);
            default -> throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS,
                    "ref.type must be ref/prompt or ref/resource");
        };
        List<String> values = candidates.stream()
                .filter(value -> value.toLowerCase(Locale.ROOT).startsWith(prefix))
                .toList();
        ObjectNode result = json.createObjectNode();
        ObjectNode completion = result.putObject("completion");
        values.forEach(completion.putArray("values")::add);
        completion.put("total", values.size()).put("hasMore", false);
        return result;
    }

    private List<String> promptCandidates(String prompt, String argument) throws DemoRpcException {
        if (!prompts.exists(prompt)) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Unknown prompt: " + prompt);
        }
        return switch (argument) {
            case "customerId" -> directory.ids();
            case "focus" -> CustomerPrompts.FOCUS_VALUES;
            case "topic" -> TOPICS;
            default -> List.of();
        };
    }

    private List<String> templateCandidates(String uri, String argument) throws DemoRpcException {
        if (!CUSTOMER_TEMPLATE.equals(uri)) {
            throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Unknown resource template: " + uri);
        }
        return "id".equals(argument) ? directory.ids() : List.of();
    }
}
