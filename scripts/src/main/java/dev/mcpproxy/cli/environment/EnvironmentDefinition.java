package dev.mcpproxy.cli.environment;

import dev.mcpproxy.contracts.CognitoClients;
import java.util.List;
import java.util.Optional;

/**
 * What the CLI reads from an environment's {@code cdk/environments/<env>/environment.yaml}: where it lives, the
 * Cognito resource server and app clients it declares, and its named runtime endpoints. The CDK app owns the full
 * schema and validates the rest.
 *
 * @param resourceServerIdentifier the prefix of full scope strings ({@code <identifier>/<scope>})
 */
public record EnvironmentDefinition(
        String name,
        Optional<String> account,
        Optional<String> region,
        String resourceServerIdentifier,
        List<DeclaredClient> clients,
        List<DeclaredEndpoint> endpoints) {

    /** The Cognito resource server identifier when the file names none (the CDK app's default). */
    public static final String DEFAULT_RESOURCE_SERVER = CognitoClients.DEFAULT_RESOURCE_SERVER;

    /** {@code cognito.clients[]}: one app client per calling agent or team, with the scopes it may request. */
    public record DeclaredClient(String name, List<String> scopes, Optional<String> description) {}

    /** {@code runtime.endpoints[]}: a named endpoint, optionally pinned to a runtime version. */
    public record DeclaredEndpoint(String name, Optional<String> description, Optional<Integer> version) {}

    public EnvironmentDefinition {
        clients = List.copyOf(clients);
        endpoints = List.copyOf(endpoints);
    }

    public Optional<DeclaredEndpoint> endpoint(String endpointName) {
        return endpoints.stream().filter(e -> e.name().equals(endpointName)).findFirst();
    }
}
