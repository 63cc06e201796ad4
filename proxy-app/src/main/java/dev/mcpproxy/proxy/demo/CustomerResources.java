package dev.mcpproxy.proxy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import java.util.Optional;

/** The demo's resources: a few fixed documents and one record per customer ({@code customers://{id}}). */
final class CustomerResources {
    static final String CUSTOMER_PREFIX = "customers://";

    private static final String ABOUT = """
            # Customer records demo

            An MCP server embedded in the proxy (`--demo`) so it runs with zero setup.
            It holds a handful of fictitious customers whose records contain personal data
            (names, emails, phone numbers, card numbers, IBANs), which makes it a playground
            for the proxy's policy, PII and audit features.

            Tools: lookup_customer, search_customers, update_email, charge_card.
            Resources: customers://directory, customers://schema, customers://{id}.
            Prompts: summarize_customer, draft_email.
            """;
    /** A 1x1 transparent PNG. */
    private static final String LOGO_PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    private final ArrayNode resources;
    private final ArrayNode templates;
    private final JsonNode customerSchema;
    private final CustomerDirectory directory;
    private final ObjectMapper json;

    CustomerResources(ArrayNode resources, ArrayNode templates, JsonNode customerSchema,
            CustomerDirectory directory, ObjectMapper json) {
        this.resources = resources;
        this.templates = templates;
        this.customerSchema = customerSchema;
        this.directory = directory;
        this.json = json;
    }

    ArrayNode list() {
        return resources.deepCopy();
    }

    ArrayNode templates() {
        return templates.deepCopy();
    }

    ObjectNode read(String uri) throws DemoRpcException {
        ObjectNode contents = json.createObjectNode().put("uri", uri);
        switch (uri) {
            case "customers://directory" -> contents.put("mimeType", "application/json").put("text", directoryJson());
            case "customers://schema" -> contents.put("mimeType", "application/schema+json")
                    .put("text", customerSchema.toString());
            case "demo://about" -> contents.put("mimeType", "text/markdown").put("text", ABOUT);
            case "demo://logo.png" -> contents.put("mimeType", "image/png").put("blob", LOGO_PNG_BASE64);
            default -> contents.put("mimeType", "application/json").put("text", customer(uri).toString());
        }
        ObjectNode result = json.createObjectNode();
        result.putArray("contents").add(contents);
        return result;
    }

    private ObjectNode customer(String uri) throws DemoRpcException {
        Optional<ObjectNode> customer = uri.startsWith(CUSTOMER_PREFIX)
                ? directory.find(uri.substring(CUSTOMER_PREFIX.length()))
                : Optional.empty();
        if (customer.isEmpty()) {
            throw new DemoRpcException(JsonRpcErrors.RESOURCE_NOT_FOUND, "Resource not found: " + uri,
                    json.createObjectNode().put("uri", uri));
        }
        return customer.get();
    }

    private String directoryJson() {
        ArrayNode entries = json.createArrayNode();
        directory.all().forEach(customer -> entries.addObject()
                .put("id", customer.get("id").asText())
                .put("name", customer.get("name").asText())
                .put("tier", customer.get("tier").asText()));
        return entries.toString();
    }
}
