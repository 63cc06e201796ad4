package dev.mcpproxy.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration: {@code ${NAME}} and {@code ${NAME:-default}} are replaced from the
 * environment inside values, unknown keys are rejected, and every problem names its full key.
 */
public final class ConfigLoader {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private final Function<String, String> environment;

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    public ConfigLoader(Map<String, String> environment) {
        this(environment::get);
    }

    /** Reads and binds the file; does not run {@link ProxyConfig#validate()}. */
    public ProxyConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read (" + e.getMessage() + ")"));
        }
        return parse(text, file.toString());
    }

    public ProxyConfig parse(String text, String source) {
        JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(source + ": not valid YAML (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")"));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return ProxyConfig.DEFAULTS;
        }
        if (!tree.isObject()) {
            throw new ConfigException(List.of(source + ": the top level must be a mapping of sections"));
        }
        ConfigProblems problems = new ConfigProblems();
        JsonNode substituted = substitute(tree, "", problems);
        problems.throwIfAny();
        try {
            return yaml.treeToValue(substituted, ProxyConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(describe(e)));
        }
    }

    private JsonNode substitute(JsonNode node, String key, ConfigProblems problems) {
        if (node.isObject()) {
            ObjectNode copy = yaml.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), substitute(field.getValue(), key.isEmpty() ? field.getKey()
                        : key + "." + field.getKey(), problems));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = yaml.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), key + "[" + i + "]", problems));
            }
            return copy;
        }
        if (node.isTextual() && node.textValue().contains("${")) {
            return TextNode.valueOf(expand(node.textValue(), key, problems));
        }
        return node;
    }

    private String expand(String value, String key, ConfigProblems problems) {
        Matcher matcher = ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement = environment.apply(name);
            if (replacement == null) {
                replacement = matcher.group(2);
            }
            if (replacement == null) {
                problems.add(key, "environment variable " + name + " is not set");
                replacement = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String describe(JsonProcessingException e) {
        String key = e instanceof JsonMappingException mapping ? keyOf(mapping.getPath()) : "";
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            key = key.isEmpty() ? unknown.getPropertyName() : key;
            problem = "unknown key";
        } else if (e instanceof InvalidFormatException format) {
            problem = "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType());
        } else if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            problem = "invalid value (" + instantiation.getCause().getMessage() + ")";
        } else if (e instanceof MismatchedInputException mismatch) {
            problem = "expected " + typeName(mismatch.getTargetType());
        } else {
            problem = e.getOriginalMessage();
        }
        return (key.isEmpty() ? "(root)" : key) + ": " + problem;
    }

    private static String keyOf(List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!key.isEmpty()) {
                    key.append('.');
                }
                key.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type.isEnum()) {
            return "value, one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).toList();
        }
        if (type == String.class) {
            return "string";
        }
        return "mapping";
    }
}
