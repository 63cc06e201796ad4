package dev.mcpproxy.cli.mcp;

import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.StoredCredentials;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.contracts.StackOutputs;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/** An access token for one of an environment's Cognito app clients, its secret read from Secrets Manager. */
public final class EnvironmentToken {

    private final AwsClients aws;
    private final DeployedStack foundation;
    private final HttpClient http;

    public EnvironmentToken(AwsClients aws, DeployedStack foundation, HttpClient http) {
        this.aws = aws;
        this.foundation = foundation;
        this.http = http;
    }

    /** @param scopes full scope strings, never empty: without them Cognito grants every scope the client has */
    public String accessToken(AppClient client, List<String> scopes) {
        StoredCredentials stored = StoredCredentials.read(aws.secretsManager(), client.secretArn());
        return accessToken(client, stored.clientSecret(), scopes);
    }

    /** With a secret already in hand (rotate-secret checks a new one before relying on it). */
    public String accessToken(AppClient client, String clientSecret, List<String> scopes) {
        return new CognitoTokenClient(http).accessToken(URI.create(foundation.output(StackOutputs.COGNITO_TOKEN_URL)), client.clientId(),
                clientSecret, scopes);
    }
}
