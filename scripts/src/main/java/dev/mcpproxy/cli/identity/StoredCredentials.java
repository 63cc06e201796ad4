package dev.mcpproxy.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.aws.AwsFailures;
import dev.mcpproxy.contracts.CognitoClients;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An app client's credentials as Secrets Manager holds them: JSON with {@code clientId} and {@code clientSecret}
 * (as the CDK app stores them), plus {@code clientSecretId} once {@code rotate-secret} has written it; a bare
 * secret value is read too. Neither the value nor the JSON ever reaches a message.
 */
public record StoredCredentials(String secretArn, ObjectNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static StoredCredentials read(SecretsManagerClient secrets, String secretArn) {
        String stored = AwsFailures.call("reading the Cognito client secret (secretsmanager:GetSecretValue)",
                () -> secrets.getSecretValue(r -> r.secretId(secretArn)).secretString());
        return new StoredCredentials(secretArn, parse(stored));
    }

    private static ObjectNode parse(String stored) {
        String trimmed = stored.trim();
        if (trimmed.startsWith("{")) {
            try {
                if (JSON.readTree(trimmed) instanceof ObjectNode object) {
                    for (String alias : new String[] {"client_secret", "secret"}) {
                        if (!object.path(CognitoClients.SECRET_CLIENT_SECRET).isTextual() && object.path(alias).isTextual()) {
                            object.put(CognitoClients.SECRET_CLIENT_SECRET, object.path(alias).asText());
                        }
                    }
                    return object;
                }
            } catch (IOException notJson) {
                // a bare secret that happens to start with a brace
            }
        }
        return JSON.createObjectNode().put(CognitoClients.SECRET_CLIENT_SECRET, trimmed);
    }

    public String clientSecret() {
        return json.path(CognitoClients.SECRET_CLIENT_SECRET).asText();
    }

    /** Which of the client's (at most two) Cognito secrets this is; known once rotate-secret has stored one. */
    public Optional<String> clientSecretId() {
        JsonNode id = json.path("clientSecretId");
        return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
    }

    /** The same JSON with a new secret; other keys (clientId, anything a caller added) stay. */
    public StoredCredentials withSecret(String clientId, String secretId, String secret) {
        ObjectNode updated = json.deepCopy().put(CognitoClients.SECRET_CLIENT_ID, clientId)
                .put(CognitoClients.SECRET_CLIENT_SECRET, secret).put("clientSecretId", secretId);
        return new StoredCredentials(secretArn, updated);
    }

    public void write(SecretsManagerClient secrets) {
        AwsFailures.call("storing the new client secret (secretsmanager:PutSecretValue on " + secretArn + ")",
                () -> secrets.putSecretValue(r -> r.secretId(secretArn).secretString(json.toString())));
    }
}
