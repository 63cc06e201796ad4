package dev.mcpproxy.cli.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.environment.EnvironmentDefinition.DeclaredClient;
import dev.mcpproxy.cli.environment.EnvironmentDefinition.DeclaredEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the keys the CLI uses from a parsed {@code environment.yaml}; a value of the wrong shape fails naming its
 * key, so a typo is found before any AWS call. Everything else in the file is the CDK app's to validate.
 */
final class DefinitionReader {

    private final Path file;

    DefinitionReader(Path file) {
        this.file = file;
    }

    EnvironmentDefinition read(String env, JsonNode yaml) {
        JsonNode root = yaml == null ? MissingNode.getInstance() : yaml;
        JsonNode cognito = root.path("cognito");
        return new EnvironmentDefinition(env, text(root, "account", "account"), text(root, "region", "region"),
                text(cognito, "resourceServerIdentifier", "cognito.resourceServerIdentifier")
                        .orElse(EnvironmentDefinition.DEFAULT_RESOURCE_SERVER),
                clients(cognito.path("clients")), endpoints(root.path("runtime").path("endpoints")));
    }

    private List<DeclaredClient> clients(JsonNode list) {
        List<DeclaredClient> clients = new ArrayList<>();
        for (int i = 0; i < list(list, "cognito.clients").size(); i++) {
            String key = "cognito.clients[" + i + "]";
            JsonNode client = list.get(i);
            String name = text(client, "name", key + ".name").orElseThrow(() -> invalid(key + ".name", "is required"));
            JsonNode scopes = client.path("scopes");
            List<String> scopeNames = new ArrayList<>();
            for (int s = 0; s < list(scopes, key + ".scopes").size(); s++) {
                scopeNames.add(text(scopes.get(s), key + ".scopes[" + s + "]"));
            }
            clients.add(new DeclaredClient(name, scopeNames, text(client, "description", key + ".description")));
        }
        return clients;
    }

    private List<DeclaredEndpoint> endpoints(JsonNode list) {
        List<DeclaredEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < list(list, "runtime.endpoints").size(); i++) {
            String key = "runtime.endpoints[" + i + "]";
            JsonNode endpoint = list.get(i);
            String name = text(endpoint, "name", key + ".name").orElseThrow(() -> invalid(key + ".name", "is required"));
            JsonNode version = endpoint.path("version");
            Optional<Integer> pinned = Optional.empty();
            if (!version.isMissingNode() && !version.isNull()) {
                boolean integer = version.isIntegralNumber() && version.canConvertToInt()
                        || version.isTextual() && version.asText().matches("[0-9]{1,5}");
                if (!integer || version.asInt() < 1) {
                    throw invalid(key + ".version", "must be a runtime version, a positive integer (was '" + version.asText() + "')");
                }
                pinned = Optional.of(version.asInt());
            }
            endpoints.add(new DeclaredEndpoint(name, text(endpoint, "description", key + ".description"), pinned));
        }
        return endpoints;
    }

    private JsonNode list(JsonNode node, String key) {
        if (node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            throw invalid(key, "must be a list");
        }
        return node;
    }

    private Optional<String> text(JsonNode parent, String field, String key) {
        JsonNode value = parent.path(field);
        if (value.isMissingNode() || value.isNull() || value.isTextual() && value.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(text(value, key));
    }

    private String text(JsonNode value, String key) {
        if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            throw invalid(key, "must be a non-empty text");
        }
        return value.asText();
    }

    private CliException invalid(String key, String problem) {
        return new CliException(ExitCode.USAGE, file + ": " + key + " " + problem);
    }
}
