package dev.mcpproxy.proxy.governance.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Compiles tool schemas (draft-07 or 2020-12 as their {@code $schema} says, 2020-12 when absent)
 * and validates values against them. Compiled schemas are cached per tool and replaced as soon as
 * the tool's descriptor carries a different schema (after a catalog refresh). Remote {@code $ref}s
 * are never fetched.
 */
final class InputSchemas {
    // json-schema-validator 3 works on Jackson 3 trees; the proxy's messages are Jackson 2 trees.
    private static final JsonNodeFactory JACKSON3 = JsonNodeFactory.instance;

    private record Compiled(com.fasterxml.jackson.databind.JsonNode source, Schema schema) {
    }

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();

    /** Violations of {@code schema} by {@code value}; {@code cacheKey} names the tool (and which schema). */
    List<Violation> validate(String cacheKey, com.fasterxml.jackson.databind.JsonNode schema,
                             com.fasterxml.jackson.databind.JsonNode value) {
        Compiled compiled = cache.compute(cacheKey, (key, cached) ->
                cached != null && (cached.source() == schema || cached.source().equals(schema)) ? cached
                        : new Compiled(schema, registry.getSchema(jackson3(schema))));
        JsonNode instance = jackson3(value);
        return compiled.schema().validate(instance).stream().map(InputSchemas::violation).toList();
    }

    /**
     * The same tree in Jackson 3, node by node: cheaper than writing it out as text and parsing it
     * again, which every validated call would pay. Numbers keep their kind (int, long, big
     * integer, double, decimal), as the parser would have produced them.
     */
    static JsonNode jackson3(com.fasterxml.jackson.databind.JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                ObjectNode object = JACKSON3.objectNode();
                node.properties().forEach(field -> object.set(field.getKey(), jackson3(field.getValue())));
                yield object;
            }
            case ARRAY -> {
                ArrayNode array = JACKSON3.arrayNode(node.size());
                node.forEach(item -> array.add(jackson3(item)));
                yield array;
            }
            case STRING -> JACKSON3.stringNode(node.textValue());
            case BOOLEAN -> JACKSON3.booleanNode(node.booleanValue());
            case NUMBER -> switch (node.numberType()) {
                case INT -> JACKSON3.numberNode(node.intValue());
                case LONG -> JACKSON3.numberNode(node.longValue());
                case BIG_INTEGER -> JACKSON3.numberNode(node.bigIntegerValue());
                case FLOAT -> JACKSON3.numberNode(node.floatValue());
                case DOUBLE -> JACKSON3.numberNode(node.doubleValue());
                case BIG_DECIMAL -> JACKSON3.numberNode(node.decimalValue());
            };
            case NULL, MISSING -> JACKSON3.nullNode();
            case BINARY, POJO -> JACKSON3.stringNode(node.asText());
        };
    }

    /** Forgets every compiled schema (the catalog changed). */
    void clear() {
        cache.clear();
    }

    /**
     * The library's message without its location prefix; replaced by a generic one if it would
     * repeat the offending value.
     */
    private static Violation violation(Error error) {
        String pointer = error.getInstanceLocation().toString();
        String message = error.getMessage();
        String prefix = pointer + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        JsonNode instance = error.getInstanceNode();
        if (instance != null && revealsValue(message, instance)) {
            message = "does not satisfy the schema's \"" + error.getKeyword() + "\" constraint";
        }
        return new Violation(pointer, message);
    }

    private static boolean revealsValue(String message, JsonNode instance) {
        String text = instance.isValueNode() ? instance.asString() : instance.toString();
        return text.length() >= 3 && message.contains(text);
    }
}
