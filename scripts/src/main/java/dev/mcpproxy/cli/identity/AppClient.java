package dev.mcpproxy.cli.identity;

import dev.mcpproxy.contracts.CognitoClients;
import java.util.List;

/**
 * A Cognito app client the CLI can act as: its id, where its secret is stored, and the full scope strings it may
 * request ({@code mcp-proxy/invoke}); {@code scopes} is empty when the stack does not say.
 */
public record AppClient(String name, String clientId, String secretArn, List<String> scopes) {

    /** The client the CLI acts as unless told otherwise: the foundation's {@code CognitoClientId}. */
    public static final String OPERATOR = CognitoClients.OPERATOR;

    public AppClient {
        scopes = List.copyOf(scopes);
    }
}
