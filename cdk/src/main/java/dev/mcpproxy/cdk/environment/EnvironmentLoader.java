package dev.mcpproxy.cdk.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpproxy.contracts.EnvironmentFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads {@code <root>/<name>/environment.yaml} and {@code proxy.yaml} into a validated {@link LoadedEnvironment}.
 * Unknown keys, wrong types and broken rules all stop synthesis with messages naming environment and key.
 */
public final class EnvironmentLoader {
    private static final String DEFINITION_FILE = EnvironmentFiles.DEFINITION;

    private final Path root;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public EnvironmentLoader(Path root) {
        this.root = root;
    }

    /** The names of all environments under the root, sorted. */
    public List<String> names() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(dir -> Files.isRegularFile(dir.resolve(DEFINITION_FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list environments in " + root.toAbsolutePath(), e);
        }
    }

    public LoadedEnvironment load(String name) {
        EnvironmentProblems problems = new EnvironmentProblems(name);
        Path dir = root.resolve(name);
        Path definitionFile = dir.resolve(DEFINITION_FILE);
        if (!Files.isRegularFile(definitionFile)) {
            problems.add(DEFINITION_FILE, "not found at " + definitionFile.toAbsolutePath() + "; known environments: " + names());
            problems.throwIfAny();
        }
        DeploymentEnvironment environment = readDefinition(definitionFile, problems);
        ProxyConfigDocument proxyConfig = readProxyConfig(dir.resolve(EnvironmentFiles.PROXY_CONFIG), problems);
        problems.throwIfAny();
        environment = environment.withName(name);
        environment.validate(problems);
        proxyConfig.validateAgainst(environment, problems);
        problems.throwIfAny();
        return new LoadedEnvironment(environment, proxyConfig);
    }

    private DeploymentEnvironment readDefinition(Path file, EnvironmentProblems problems) {
        try {
            JsonNode tree = yaml.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                problems.add(DEFINITION_FILE, "is empty");
                return null;
            }
            // Every unknown key is reported, not only the first one Jackson stops at.
            int before = problems.problems().size();
            problems.check(!tree.has("name"), "name", "is not a key of " + DEFINITION_FILE + ": an environment is named by its folder");
            unknownKeys(tree, DeploymentEnvironment.class, "", problems);
            if (problems.problems().size() > before) {
                return null;
            }
            return yaml.treeToValue(tree, DeploymentEnvironment.class);
        } catch (JsonProcessingException e) {
            problems.add(path(e), e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(DEFINITION_FILE, "cannot be read: " + e.getMessage());
        }
        return null;
    }

    private ProxyConfigDocument readProxyConfig(Path file, EnvironmentProblems problems) {
        try {
            byte[] content = Files.readAllBytes(file);
            JsonNode tree = yaml.readTree(content);
            if (problems.check(tree != null && tree.isObject(), EnvironmentFiles.PROXY_CONFIG, "must be a YAML mapping")) {
                return ProxyConfigDocument.of(content, tree);
            }
        } catch (JsonProcessingException e) {
            problems.add(EnvironmentFiles.PROXY_CONFIG, "is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(EnvironmentFiles.PROXY_CONFIG, "not found at " + file.toAbsolutePath()
                    + " (every environment versions the proxy configuration next to its definition)");
        }
        return null;
    }

    /**
     * Every key of {@code node} that the record type {@code type} does not have, with its dotted path and the keys
     * known there; nested records and lists of records are walked through their component types.
     */
    private static void unknownKeys(JsonNode node, Type type, String key, EnvironmentProblems problems) {
        if (type instanceof ParameterizedType list && list.getRawType() == List.class && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownKeys(node.get(i), list.getActualTypeArguments()[0], key + "[" + i + "]", problems);
            }
            return;
        }
        if (!(type instanceof Class<?> record) || !record.isRecord() || !node.isObject()) {
            return;
        }
        Map<String, RecordComponent> components = new TreeMap<>();
        for (RecordComponent component : record.getRecordComponents()) {
            components.put(component.getName(), component);
        }
        node.properties().forEach(field -> {
            String fieldKey = key.isEmpty() ? field.getKey() : key + "." + field.getKey();
            RecordComponent component = components.get(field.getKey());
            if (component == null) {
                problems.add(fieldKey, "unknown key (known keys: " + components.keySet() + ")");
            } else {
                unknownKeys(field.getValue(), component.getGenericType(), fieldKey, problems);
            }
        });
    }

    /** The dotted key of a Jackson error, e.g. {@code cognito.scopes[1]}. */
    private static String path(JsonProcessingException e) {
        if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return DEFINITION_FILE;
        }
        StringBuilder key = new StringBuilder();
        for (var reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                key.append(key.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }
}
