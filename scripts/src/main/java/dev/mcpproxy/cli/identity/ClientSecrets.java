package dev.mcpproxy.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.aws.SignedJsonClient;
import java.util.ArrayList;
import java.util.List;

/** The secrets of one Cognito app client: at most two are active at once, which is what rotation relies on. */
final class ClientSecrets {

    /** A secret's id ({@code <client-id>--<epoch>}); its value is returned only when Cognito creates it. */
    record Created(String id, String value) {}

    static final int MAX_ACTIVE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignedJsonClient cognito;
    private final String userPoolId;
    private final String clientId;

    ClientSecrets(SignedJsonClient cognito, String userPoolId, String clientId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
    }

    /** @return the ids of the active secrets, oldest first as Cognito lists them */
    List<String> list() {
        JsonNode answer = cognito.call("ListUserPoolClientSecrets", request(),
                "listing the secrets of app client " + clientId + " (cognito-idp:ListUserPoolClientSecrets)");
        List<String> ids = new ArrayList<>();
        answer.path("ClientSecrets").forEach(secret -> ids.add(secret.path("ClientSecretId").asText()));
        return ids;
    }

    Created add() {
        JsonNode descriptor = cognito.call("AddUserPoolClientSecret", request(),
                "adding a secret to app client " + clientId + " (cognito-idp:AddUserPoolClientSecret)").path("ClientSecretDescriptor");
        return new Created(descriptor.path("ClientSecretId").asText(), descriptor.path("ClientSecretValue").asText());
    }

    void delete(String secretId) {
        cognito.call("DeleteUserPoolClientSecret", request().put("ClientSecretId", secretId),
                "deleting secret " + secretId + " of app client " + clientId + " (cognito-idp:DeleteUserPoolClientSecret)");
    }

    private ObjectNode request() {
        return JSON.createObjectNode().put("UserPoolId", userPoolId).put("ClientId", clientId);
    }
}
