package dev.mcpproxy.cli.identity;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.contracts.CognitoClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scopes a token is requested with. The CLI always names them: a request without {@code scope} makes Cognito
 * grant every scope the client has, which is more than an MCP call needs.
 */
public final class ScopeRequest {

    /** What an MCP request through the runtime needs, and so the default. */
    public static final String INVOKE = CognitoClients.INVOKE_SCOPE;

    private ScopeRequest() {}

    /**
     * @param requested short names ({@code invoke}) or full scope strings ({@code mcp-proxy/invoke})
     * @param definition names the resource server that qualifies short names when the client's scopes are not known
     * @return full scope strings, each one the client may request
     */
    public static List<String> qualify(AppClient client, List<String> requested, Optional<EnvironmentDefinition> definition) {
        String resourceServer = definition.map(EnvironmentDefinition::resourceServerIdentifier)
                .orElse(EnvironmentDefinition.DEFAULT_RESOURCE_SERVER);
        List<String> scopes = new ArrayList<>();
        for (String scope : requested.isEmpty() ? List.of(INVOKE) : requested) {
            String full = scope.contains("/") ? scope : client.scopes().stream().filter(s -> s.endsWith("/" + scope))
                    .findFirst().orElse(resourceServer + "/" + scope);
            if (!client.scopes().isEmpty() && !client.scopes().contains(full)) {
                throw new CliException(ExitCode.USAGE, "app client '" + client.name() + "' may not request scope '" + scope
                        + "': it may request " + String.join(", ", client.scopes())
                        + " (its scopes in cognito.clients of environment.yaml)");
            }
            if (!scopes.contains(full)) {
                scopes.add(full);
            }
        }
        return scopes;
    }
}
