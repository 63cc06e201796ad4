package dev.mcpproxy.cli.identity;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Finds an environment's app clients in its foundation stack's outputs. */
public final class AppClients {

    private final DeployedStack foundation;
    private final Optional<EnvironmentDefinition> definition;

    public AppClients(DeployedStack foundation, Optional<EnvironmentDefinition> definition) {
        this.foundation = foundation;
        this.definition = definition;
    }

    /** @param name a client declared in {@code cognito.clients}; empty (or {@code operator}) for the operator client */
    public AppClient client(Optional<String> name) {
        String client = name.orElse(AppClient.OPERATOR);
        String idKey = StackOutputs.clientId(client);
        if (client.equals(AppClient.OPERATOR) && !foundation.outputs().containsKey(idKey)) {
            return new AppClient(client, foundation.output(StackOutputs.COGNITO_CLIENT_ID),
                    foundation.output(StackOutputs.COGNITO_CLIENT_SECRET_ARN), scopes(client));
        }
        if (!foundation.outputs().containsKey(idKey)) {
            boolean declared = definition.map(d -> d.clients().stream().anyMatch(c -> c.name().equals(client))).orElse(false);
            throw new CliException(ExitCode.USAGE, declared
                    ? "app client '" + client + "' is declared in environment.yaml but not deployed yet (stack "
                            + foundation.name() + " has no output " + idKey + "): run `mcp-proxy deploy` first"
                    : "environment has no app client '" + client + "': its clients are " + String.join(", ", names())
                            + " (declare one under cognito.clients in environment.yaml)");
        }
        return new AppClient(client, foundation.output(idKey), foundation.output(StackOutputs.clientSecretArn(client)),
                scopes(client));
    }

    private List<String> scopes(String client) {
        String listed = foundation.outputs().get(StackOutputs.clientScopes(client));
        return listed == null || listed.isBlank() ? List.of() : Arrays.asList(listed.trim().split("\\s+"));
    }

    /** The deployed clients, by their names in environment.yaml where it names them. */
    private List<String> names() {
        List<String> names = new ArrayList<>(List.of(AppClient.OPERATOR));
        definition.ifPresent(d -> d.clients().stream().map(EnvironmentDefinition.DeclaredClient::name)
                .filter(n -> !n.equals(AppClient.OPERATOR) && foundation.outputs().containsKey(StackOutputs.clientId(n)))
                .forEach(names::add));
        return names;
    }
}
