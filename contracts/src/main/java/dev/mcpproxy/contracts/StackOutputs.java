package dev.mcpproxy.contracts;

import java.util.Locale;

/**
 * The stack outputs the CLI reads. Per-client and per-endpoint outputs carry the name in PascalCase
 * ({@code support-agent} → {@code SupportAgent}, {@code canary} → {@code Canary}).
 */
public final class StackOutputs {
    // Foundation stack
    public static final String ECR_REPOSITORY_URI = "EcrRepositoryUri";
    public static final String ECR_REPOSITORY_NAME = "EcrRepositoryName";
    public static final String APPLICATION_LOG_GROUP_NAME = "ApplicationLogGroupName";
    public static final String AUDIT_LOG_GROUP_NAME = "AuditLogGroupName";
    public static final String USAGE_LOG_GROUP_NAME = "UsageLogGroupName";
    public static final String COGNITO_TOKEN_URL = "CognitoTokenUrl";
    /** The operator client's id. */
    public static final String COGNITO_CLIENT_ID = "CognitoClientId";
    public static final String COGNITO_CLIENT_SECRET_ARN = "CognitoClientSecretArn";
    public static final String USER_POOL_ID = "UserPoolId";
    public static final String RATE_LIMIT_TABLE_NAME = "RateLimitTableName";
    public static final String KMS_KEY_ARN = "KmsKeyArn";

    // Runtime stack
    public static final String RUNTIME_ARN = "RuntimeArn";
    public static final String RUNTIME_ID = "RuntimeId";
    public static final String RUNTIME_ENDPOINT_URL = "RuntimeEndpointUrl";
    public static final String IMAGE_URI = "ImageUri";
    /** The runtime's newest version: what DEFAULT serves. */
    public static final String RUNTIME_VERSION = "RuntimeVersion";

    private StackOutputs() {
    }

    /** A name in PascalCase: its parts split at {@code -} and {@code _}, each capitalized. */
    public static String pascal(String name) {
        StringBuilder pascal = new StringBuilder();
        for (String part : name.split("[-_]")) {
            if (!part.isEmpty()) {
                pascal.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return pascal.toString();
    }

    public static String clientId(String client) {
        return "Client" + pascal(client) + "Id";
    }

    public static String clientSecretArn(String client) {
        return "Client" + pascal(client) + "SecretArn";
    }

    /** The scopes the client may request, space-separated. */
    public static String clientScopes(String client) {
        return "Client" + pascal(client) + "Scopes";
    }

    /** The runtime version a named endpoint is pinned to. */
    public static String endpointVersion(String endpoint) {
        return "EndpointVersion" + pascal(endpoint);
    }

    public static String endpointUrl(String endpoint) {
        return "EndpointUrl" + pascal(endpoint);
    }
}
