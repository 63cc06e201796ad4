package dev.mcpproxy.proxy.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed tree to a generator node by node. {@code ObjectMapper.writeValue} and
 * {@code JsonGenerator.writeTree} set up a serializer provider on every call, which costs more
 * than the writing itself for the small trees of a request.
 */
public final class JsonTreeWriter {

    private JsonTreeWriter() {
    }

    /** @param sortKeys write every object's fields sorted by name (a canonical form) */
    public static void write(JsonNode node, JsonGenerator generator, boolean sortKeys) throws IOException {
        if (node.isObject()) {
            generator.writeStartObject();
            if (sortKeys) {
                List<String> names = new ArrayList<>(node.size());
                node.fieldNames().forEachRemaining(names::add);
                Collections.sort(names);
                for (String name : names) {
                    generator.writeFieldName(name);
                    write(node.get(name), generator, true);
                }
            } else {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(field.getValue(), generator, false);
                }
            }
            generator.writeEndObject();
        } else if (node.isArray()) {
            generator.writeStartArray();
            for (JsonNode item : node) {
                write(item, generator, sortKeys);
            }
            generator.writeEndArray();
        } else if (node.isTextual()) {
            generator.writeString(node.textValue());
        } else if (node.isNumber()) {
            writeNumber(node, generator);
        } else if (node.isBoolean()) {
            generator.writeBoolean(node.booleanValue());
        } else if (node.isNull()) {
            generator.writeNull();
        } else {
            // Binary or POJO nodes, which parsed JSON never holds.
            generator.writeTree(node);
        }
    }

    private static void writeNumber(JsonNode number, JsonGenerator generator) throws IOException {
        switch (number.numberType()) {
            case INT -> generator.writeNumber(number.intValue());
            case LONG -> generator.writeNumber(number.longValue());
            case BIG_INTEGER -> generator.writeNumber(number.bigIntegerValue());
            case FLOAT -> generator.writeNumber(number.floatValue());
            case DOUBLE -> generator.writeNumber(number.doubleValue());
            case BIG_DECIMAL -> generator.writeNumber(number.decimalValue());
        }
    }
}
