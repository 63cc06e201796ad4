package dev.mcpproxy.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Committed template snapshots under {@code src/test/resources/snapshots}: normalized so that they are
 * deterministic, compared key by key so that a change reads as a list of JSON paths with old and new values.
 * {@code -Dsnapshots.update=true} rewrites them.
 */
final class TemplateSnapshots {
    static final Path DIRECTORY = Path.of("src", "test", "resources", "snapshots");
    static final String UPDATE_COMMAND = "./mvnw -B -pl cdk -am test -Dtest=SnapshotTest -Dsnapshots.update=true";
    /** Lambda code assets are named by a hash of their content, which changes with aws-cdk-lib's bundled code. */
    private static final Pattern ASSET_FILE = Pattern.compile("[0-9a-f]{64}\\.(zip|json)");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private TemplateSnapshots() {
    }

    static boolean updating() {
        return Boolean.getBoolean("snapshots.update");
    }

    static JsonNode normalize(Map<String, Object> template) {
        return normalizeNode(JSON.valueToTree(template));
    }

    private static JsonNode normalizeNode(JsonNode node) {
        if (node.isTextual() && ASSET_FILE.matcher(node.asText()).matches()) {
            return TextNode.valueOf("<asset-hash>." + node.asText().substring(65));
        }
        if (node.isObject()) {
            ObjectNode sorted = JSON.createObjectNode();
            fieldNames(node).forEach(name -> sorted.set(name, normalizeNode(node.get(name))));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JSON.createArrayNode();
            node.forEach(element -> array.add(normalizeNode(element)));
            return array;
        }
        return node;
    }

    static Path file(String stackName) {
        return DIRECTORY.resolve(stackName + ".json");
    }

    static JsonNode read(String stackName) {
        try {
            return JSON.readTree(file(stackName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(String stackName, JsonNode template) {
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(file(stackName), JSON.writeValueAsString(template) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every difference as {@code path: snapshot <old>, now <new>}; empty when equal. */
    static List<String> differences(JsonNode snapshot, JsonNode current) {
        List<String> differences = new ArrayList<>();
        compare("$", snapshot, current, differences);
        return differences;
    }

    private static void compare(String path, JsonNode snapshot, JsonNode current, List<String> differences) {
        if (snapshot == null || current == null || snapshot.isObject() != current.isObject()
                || snapshot.isArray() != current.isArray() || !(snapshot.isContainerNode())) {
            if (snapshot == null || !snapshot.equals(current)) {
                differences.add(path + ": snapshot " + shorten(snapshot) + ", now " + shorten(current));
            }
            return;
        }
        if (snapshot.isObject()) {
            TreeSet<String> names = fieldNames(snapshot);
            names.addAll(fieldNames(current));
            names.forEach(name -> compare(path + "." + name, snapshot.get(name), current.get(name), differences));
            return;
        }
        for (int i = 0; i < Math.max(snapshot.size(), current.size()); i++) {
            compare(path + "[" + i + "]", snapshot.get(i), current.get(i), differences);
        }
    }

    private static String shorten(JsonNode node) {
        if (node == null) {
            return "(absent)";
        }
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
