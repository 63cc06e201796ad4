package dev.mcpproxy.cli.testing;

import java.util.Map;

/** Stubs the stacks of a deployed environment {@code dev} with the outputs the CDK app publishes. */
public final class DeployedEnvironment {

    public static final String APP_LOG_GROUP = "/aws/bedrock-agentcore/runtimes/mcpproxy_dev-AbCdEf1234-DEFAULT";
    public static final String AUDIT_LOG_GROUP = "/mcp-proxy/dev/audit";
    public static final String DIGEST = "sha256:" + "ab".repeat(32);

    private DeployedEnvironment() {}

    public static void foundation(AwsStubs stubs, String repositoryUri) {
        stubs.stack("McpProxy-dev-Foundation", "UPDATE_COMPLETE", Map.of(
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
    }

    public static void runtime(AwsStubs stubs) {
        stubs.stack("McpProxy-dev-Runtime", "UPDATE_COMPLETE", Map.of(
                "RuntimeArn", AwsStubs.RUNTIME_ARN,
                "RuntimeId", AwsStubs.RUNTIME_ID,
                "RuntimeEndpointUrl", stubs.url() + "/bearer/invocations",
                "ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy@" + DIGEST));
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
