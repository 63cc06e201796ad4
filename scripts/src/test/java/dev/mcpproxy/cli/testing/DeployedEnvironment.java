package dev.mcpproxy.cli.testing;

import java.util.Map;

/** Stubs the stacks of a deployed environment {@code dev} with the outputs the CDK app publishes. */
public final class DeployedEnvironment {

    public static final String APP_LOG_GROUP = "/aws/bedrock-agentcore/runtimes/mcpproxy_dev-AbCdEf1234-DEFAULT";
    public static final String AUDIT_LOG_GROUP = "/mcp-proxy/dev/audit";
    public static final String DIGEST = "sha256:" + "ab".repeat(32);

    private DeployedEnvironment() {}

    public static void foundation(AwsStubs stubs, String repositoryUri) {
        foundation(stubs, repositoryUri, Map.of());
    }

    /** @param more further outputs, such as the declared app clients' {@code Client<Name>Id} */
    public static void foundation(AwsStubs stubs, String repositoryUri, Map<String, String> more) {
        Map<String, String> outputs = new java.util.HashMap<>(Map.of(
                "EcrRepositoryUri", repositoryUri,
                "EcrRepositoryName", "mcp-proxy",
                "ApplicationLogGroupName", APP_LOG_GROUP,
                "AuditLogGroupName", AUDIT_LOG_GROUP,
                "CognitoTokenUrl", stubs.url() + "/oauth2/token",
                "CognitoClientId", "client-id-1",
                "CognitoClientSecretArn", AwsStubs.SECRET_ARN,
                "UserPoolId", "eu-west-1_AbCdEf",
                "RateLimitTableName", "mcp-proxy-dev-ratelimits",
                "KmsKeyArn", "arn:aws:kms:eu-west-1:" + AwsStubs.ACCOUNT + ":key/1"));
        outputs.putAll(more);
        stubs.stack("McpProxy-dev-Foundation", "UPDATE_COMPLETE", outputs);
    }

    public static final String AGENT_CLIENT_ID = "agent-client-id";
    public static final String AGENT_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:" + AwsStubs.ACCOUNT + ":secret:support-agent";

    /** The foundation outputs of the app clients {@link #declareClientsAndEndpoints} declares. */
    public static Map<String, String> clientOutputs() {
        return Map.of(
                "ClientSupportAgentId", AGENT_CLIENT_ID,
                "ClientSupportAgentSecretArn", AGENT_SECRET_ARN,
                "ClientSupportAgentScopes", "mcp-proxy/invoke",
                "ClientOperatorId", "client-id-1",
                "ClientOperatorSecretArn", AwsStubs.SECRET_ARN,
                "ClientOperatorScopes", "mcp-proxy/invoke mcp-proxy/admin");
    }

    /** Environment dev declares app clients (operator, support-agent) and the endpoints canary and live. */
    public static void declareClientsAndEndpoints(CliRun cli) throws java.io.IOException {
        java.nio.file.Files.writeString(cli.projectDir().resolve("cdk/environments/dev/environment.yaml"), """
                account: "%s"
                region: eu-west-1
                prefix: mcp-proxy-dev
                cognito:
                  domainPrefix: mcp-proxy-dev-example
                  clients:
                    - name: operator
                      scopes: [invoke, admin]
                      description: the CLI and its operators
                    - name: support-agent
                      scopes: [invoke]
                    - name: billing-agent
                      scopes: [invoke]
                runtime:
                  endpoints:
                    - name: canary
                      description: a version under test
                    - name: live
                      description: production traffic
                      version: 1
                """.formatted(AwsStubs.ACCOUNT));
    }

    public static void runtime(AwsStubs stubs) {
        runtime(stubs, Map.of());
    }

    /** @param more further outputs, such as {@code RuntimeVersion} and {@code EndpointVersion<Name>} */
    public static void runtime(AwsStubs stubs, Map<String, String> more) {
        Map<String, String> outputs = new java.util.HashMap<>(Map.of(
                "RuntimeArn", AwsStubs.RUNTIME_ARN,
                "RuntimeId", AwsStubs.RUNTIME_ID,
                "RuntimeEndpointUrl", stubs.url() + "/bearer/invocations",
                "ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy@" + DIGEST));
        outputs.putAll(more);
        stubs.stack("McpProxy-dev-Runtime", "UPDATE_COMPLETE", outputs);
    }

    /** Both stacks, a READY runtime, the client secret, Cognito and an MCP server with two tools. */
    public static void all(AwsStubs stubs) {
        foundation(stubs, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy");
        runtime(stubs);
        stubs.runtime("READY", null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy@" + DIGEST);
        stubs.secret();
        stubs.tokenEndpoint();
        stubs.mcpServer(TOOLS);
    }

    public static final String TOOLS = "{\"tools\":[{\"name\":\"demo__echo\",\"description\":\"Echoes\",\"inputSchema\":"
            + "{\"type\":\"object\"}},{\"name\":\"demo__add\",\"inputSchema\":{\"type\":\"object\"}}]}";
}
