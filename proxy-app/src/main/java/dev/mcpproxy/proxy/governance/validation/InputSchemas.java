package dev.mcpproxy.proxy.governance.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.fasterxml.jackson.databind.JsonNode;

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
    private record Compiled(JsonNode source, Schema schema) {
    }

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();

    /** Violations of {@code schema} by {@code value}; {@code cacheKey} names the tool (and which schema). */
    List<Violation> validate(String cacheKey, JsonNode schema, JsonNode value) {
        Compiled compiled = cache.get(cacheKey);
        // The catalog hands out the same schema node per tool: a lookup without the map's lock.
        if (compiled == null || compiled.source() != schema) {
            compiled = cache.compute(cacheKey, (key, cached) ->
                    cached != null && (cached.source() == schema || cached.source().equals(schema)) ? cached
                            : new Compiled(schema, registry.getSchema(schema)));
        }
        List<Error> errors = compiled.schema().validate(value);
        return errors.isEmpty() ? List.of() : errors.stream().map(InputSchemas::violation).toList();
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
        String text = instance.isValueNode() ? instance.asText() : instance.toString();
        return text.length() >= 3 && message.contains(text);
    }
}
