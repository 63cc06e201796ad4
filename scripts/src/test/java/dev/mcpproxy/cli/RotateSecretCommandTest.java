package dev.mcpproxy.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rotate-secret against Cognito's JSON API and Secrets Manager, stubbed, with the token endpoint checking secrets. */
class RotateSecretCommandTest extends StubbedAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD_ID = "agent-client-id--1700000000";
    private static final String NEW_ID = "agent-client-id--1800000000";
    private static final String OLD_SECRET = "old-agent-secret-0123456789abc";
    private static final String NEW_SECRET = "new-agent-secret-0123456789xyz";

    @BeforeEach
    void setUp() throws Exception {
        DeployedEnvironment.declareClientsAndEndpoints(cli);
        DeployedEnvironment.all(aws);
        DeployedEnvironment.foundation(aws, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy", DeployedEnvironment.clientOutputs());
        aws.tokenEndpointRefusesOthers();
        aws.tokenEndpoint(DeployedEnvironment.AGENT_CLIENT_ID, NEW_SECRET, "mcp-proxy/invoke", AwsStubs.ACCESS_TOKEN);
        aws.tokenEndpoint(DeployedEnvironment.AGENT_CLIENT_ID, OLD_SECRET, "mcp-proxy/invoke", AwsStubs.ACCESS_TOKEN);
        aws.putSecretValue();
        aws.deleteClientSecret();
    }

    private void stored(String secret, String secretId) {
        var json = JSON.createObjectNode().put("clientId", DeployedEnvironment.AGENT_CLIENT_ID).put("clientSecret", secret);
        if (secretId != null) {
            json.put("clientSecretId", secretId);
        }
        aws.secret(DeployedEnvironment.AGENT_SECRET_ARN, json);
    }

    private List<String> cognitoCalls() {
        return aws.callLog().stream().filter(call -> call.contains("UserPoolClientSecret")).toList();
    }

    @Test
    void beginAddsASecondSecretChecksItThenStoresItAndLeavesTheOldOneValid() throws Exception {
        stored(OLD_SECRET, null);
        aws.clientSecrets(OLD_ID);
        aws.addClientSecret(NEW_ID, NEW_SECRET);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(aws.callLog()).containsSubsequence("ListUserPoolClientSecrets", "AddUserPoolClientSecret", "CognitoToken",
                "PutSecretValue");
        assertThat(cognitoCalls()).doesNotContain("DeleteUserPoolClientSecret");
        LoggedRequest add = aws.server().findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.AddUserPoolClientSecret"))).get(0);
        JsonNode addBody = JSON.readTree(add.getBodyAsString());
        assertThat(addBody.path("UserPoolId").asText()).isEqualTo("eu-west-1_AbCdEf");
        assertThat(addBody.path("ClientId").asText()).isEqualTo(DeployedEnvironment.AGENT_CLIENT_ID);
        assertThat(add.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256").contains("/eu-west-1/cognito-idp/aws4_request");
        LoggedRequest put = aws.server().findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))).get(0);
        JsonNode putBody = JSON.readTree(put.getBodyAsString());
        assertThat(putBody.path("SecretId").asText()).isEqualTo(DeployedEnvironment.AGENT_SECRET_ARN);
        JsonNode secret = JSON.readTree(putBody.path("SecretString").asText());
        assertThat(secret.path("clientId").asText()).isEqualTo(DeployedEnvironment.AGENT_CLIENT_ID);
        assertThat(secret.path("clientSecret").asText()).isEqualTo(NEW_SECRET);
        assertThat(secret.path("clientSecretId").asText()).isEqualTo(NEW_ID);
        assertThat(result.out()).contains("new secret " + NEW_ID + " is active", "The previous secret (" + OLD_ID + ") stays valid",
                "mcp-proxy rotate-secret --env dev --client support-agent --finish");
        assertThat(result.out() + result.err()).doesNotContain(NEW_SECRET, OLD_SECRET);
    }

    @Test
    void aNewSecretTheTokenEndpointRefusesIsDeletedAndNothingIsStored() throws Exception {
        stored(OLD_SECRET, null);
        aws.clientSecrets(OLD_ID);
        aws.addClientSecret(NEW_ID, "refused-secret-0123456789abcdef");

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MCP_ERROR);
        assertThat(result.err()).contains("refused the client credentials", "The new secret " + NEW_ID + " was deleted again");
        assertThat(aws.callLog()).doesNotContain("PutSecretValue");
        aws.server().verify(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.DeleteUserPoolClientSecret"))
                .withRequestBody(matchingJsonPath("$.ClientSecretId", equalTo(NEW_ID))));
        assertThat(result.err()).doesNotContain("refused-secret-0123456789abcdef");
    }

    @Test
    void aRotationAlreadyBegunMustBeFinishedFirst() {
        stored(NEW_SECRET, NEW_ID);
        aws.clientSecrets(OLD_ID, NEW_ID);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(result.err()).contains("already has 2 secrets", "--finish");
        assertThat(cognitoCalls()).containsExactly("ListUserPoolClientSecrets");
    }

    @Test
    void finishChecksTheStoredSecretThenDeletesOnlyTheOther() {
        stored(NEW_SECRET, NEW_ID);
        aws.clientSecrets(OLD_ID, NEW_ID);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent", "--finish");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(aws.callLog()).containsSubsequence("ListUserPoolClientSecrets", "CognitoToken", "DeleteUserPoolClientSecret");
        List<LoggedRequest> deletes = aws.server().findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.DeleteUserPoolClientSecret")));
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).getBodyAsString()).contains(OLD_ID).doesNotContain(NEW_ID);
        assertThat(result.out()).contains("deleted " + OLD_ID + "; " + NEW_ID + " is its only secret");
    }

    @Test
    void finishWithAStoredSecretThatNoLongerWorksDeletesNothing() {
        stored("broken-secret-0123456789abcdef", NEW_ID);
        aws.clientSecrets(OLD_ID, NEW_ID);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent", "--finish");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MCP_ERROR);
        assertThat(cognitoCalls()).doesNotContain("DeleteUserPoolClientSecret");
    }

    @Test
    void finishCannotTellWhichSecretIsStoredWithoutItsId() {
        stored(OLD_SECRET, null);
        aws.clientSecrets(OLD_ID, NEW_ID);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent", "--finish");

        assertThat(result.exitCode()).isEqualTo(ExitCode.CONFLICT);
        assertThat(result.err()).contains("does not say which one it holds");
        assertThat(cognitoCalls()).doesNotContain("DeleteUserPoolClientSecret");
    }

    @Test
    void finishWithOneSecretHasNothingToDo() {
        stored(OLD_SECRET, null);
        aws.clientSecrets(OLD_ID);

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent", "--finish");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("has one secret: no rotation to finish");
    }

    @Test
    void theOperatorClientIsTheDefault() {
        aws.clientSecrets("client-id-1--1700000000");
        aws.addClientSecret("client-id-1--1800000000", NEW_SECRET);
        aws.tokenEndpoint("client-id-1", NEW_SECRET, "mcp-proxy/invoke", AwsStubs.ACCESS_TOKEN);

        Result result = cli.run("rotate-secret", "--env", "dev");

        assertThat(result.exitCode()).as(result.err()).isZero();
        aws.server().verify(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.PutSecretValue"))
                .withRequestBody(matchingJsonPath("$.SecretId", equalTo(AwsStubs.SECRET_ARN))));
        assertThat(result.out()).contains("finish with: mcp-proxy rotate-secret --env dev --finish");
    }

    @Test
    void aCognitoErrorIsReportedWithItsCode() {
        stored(OLD_SECRET, null);
        aws.server().stubFor(post("/").withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.ListUserPoolClientSecrets"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"User pool client does not exist.\"}")));

        Result result = cli.run("rotate-secret", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).isEqualTo(ExitCode.AWS_ERROR);
        assertThat(result.err()).contains("cognito-idp:ListUserPoolClientSecrets", "ResourceNotFoundException",
                "User pool client does not exist.");
    }
}
