package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The demo's tools: look up, search, update an email, charge a card. */
final class CustomerTools {
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");

    private final ArrayNode descriptors;
    private final CustomerDirectory directory;
    private final ObjectMapper json;
    private final AtomicLong charges = new AtomicLong();

    CustomerTools(ArrayNode descriptors, CustomerDirectory directory, ObjectMapper json) {
        this.descriptors = descriptors;
        this.directory = directory;
        this.json = json;
    }

    ArrayNode list() {
        return descriptors.deepCopy();
    }

    ObjectNode call(String name, JsonNode arguments) throws DemoRpcException {
        ToolArguments args = new ToolArguments(arguments);
        try {
            return switch (name) {
                case "lookup_customer" -> lookup(args);
                case "search_customers" -> search(args);
                case "update_email" -> updateEmail(args);
                case "charge_card" -> chargeCard(args);
                default -> throw new DemoRpcException(JsonRpcErrors.INVALID_PARAMS, "Unknown tool: " + name);
            };
        } catch (ToolArguments.Invalid e) {
            return errorResult(e.getMessage());
        }
    }

    private ObjectNode lookup(ToolArguments args) throws ToolArguments.Invalid {
        String id = args.customerId();
        Optional<ObjectNode> customer = directory.find(id);
        if (customer.isEmpty()) {
            return errorResult("No customer with id " + id);
        }
        ObjectNode result = structuredResult(customer.get());
        // The same record as a resource link: a second content type for proxies and clients to carry.
        result.withArray("content").addObject()
                .put("type", "resource_link")
                .put("uri", CustomerResources.CUSTOMER_PREFIX + id)
                .put("name", "customer " + id)
                .put("mimeType", "application/json");
        return result;
    }

    private ObjectNode search(ToolArguments args) throws ToolArguments.Invalid {
        String query = args.requiredString("query");
        int limit = args.integer("limit", 10, 1, 50);
        List<ObjectNode> matches = directory.search(query);
        ObjectNode found = json.createObjectNode();
        ArrayNode customers = found.putArray("customers");
        matches.stream().limit(limit).forEach(customer -> customers.addObject()
                .put("id", customer.get("id").asText())
                .put("name", customer.get("name").asText())
                .put("email", customer.get("email").asText())
                .put("tier", customer.get("tier").asText()));
        found.put("total", matches.size());
        return structuredResult(found);
    }

    private ObjectNode updateEmail(ToolArguments args) throws ToolArguments.Invalid {
        String id = args.customerId();
        String email = args.email("email");
        Optional<String> previous = directory.replaceEmail(id, email);
        if (previous.isEmpty()) {
            return errorResult("No customer with id " + id);
        }
        ObjectNode updated = json.createObjectNode()
                .put("customerId", id)
                .put("previousEmail", previous.get())
                .put("email", email);
        return structuredResult(updated);
    }

    private ObjectNode chargeCard(ToolArguments args) throws ToolArguments.Invalid {
        String id = args.customerId();
        int amountCents = args.integer("amountCents", null, 1, 1_000_000);
        String currency = args.oneOf("currency", CURRENCIES);
        args.optionalString("description", 200);
        Optional<ObjectNode> customer = directory.find(id);
        if (customer.isEmpty()) {
            return errorResult("No customer with id " + id);
        }
        String card = customer.get().get("cardNumber").asText().replace(" ", "");
        ObjectNode charge = json.createObjectNode()
                .put("chargeId", "ch_%06d".formatted(charges.incrementAndGet()))
                .put("customerId", id)
                .put("amountCents", amountCents)
                .put("currency", currency)
                .put("cardLast4", card.substring(card.length() - 4))
                .put("status", "succeeded");
        return structuredResult(charge);
    }

    /** Structured content plus its serialization as text, for clients that ignore structured content. */
    private ObjectNode structuredResult(ObjectNode structured) {
        ObjectNode result = json.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", structured.toString());
        result.set("structuredContent", structured);
        result.put("isError", false);
        return result;
    }

    private ObjectNode errorResult(String message) {
        ObjectNode result = json.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", message);
        result.put("isError", true);
        return result;
    }
}
