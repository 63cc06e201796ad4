package dev.mcpproxy.cli.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.aws.AwsFailures;
import dev.mcpproxy.cli.stack.DeployedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;

/** An access token from an environment's Cognito app client, its secret read from Secrets Manager. */
public final class EnvironmentToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients aws;
    private final DeployedStack foundation;
    private final HttpClient http;

    public EnvironmentToken(AwsClients aws, DeployedStack foundation, HttpClient http) {
        this.aws = aws;
        this.foundation = foundation;
        this.http = http;
    }

    public String accessToken() {
        String secretArn = foundation.output("CognitoClientSecretArn");
        String stored = AwsFailures.call("reading the Cognito client secret (secretsmanager:GetSecretValue)",
                () -> aws.secretsManager().getSecretValue(r -> r.secretId(secretArn)).secretString());
        return new CognitoTokenClient(http).accessToken(
                URI.create(foundation.output("CognitoTokenUrl")), foundation.output("CognitoClientId"), clientSecret(stored));
    }

    /** The secret is stored either as the bare value or as JSON with a clientSecret field. */
    static String clientSecret(String stored) {
        String trimmed = stored.trim();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        try {
            JsonNode json = JSON.readTree(trimmed);
            for (String field : new String[] {"clientSecret", "client_secret", "secret"}) {
                if (json.path(field).isTextual()) {
                    return json.path(field).asText();
                }
            }
        } catch (IOException notJson) {
            return trimmed;
        }
        return trimmed;
    }
}
