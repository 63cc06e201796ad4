package dev.mcpproxy.cdk.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.bedrockagentcore.RuntimeNetworkConfiguration;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;

/**
 * Properties of {@link McpProxyRuntime}, built with {@link #builder()}. Required: runtime name, repository, image,
 * user pool and allowed clients; every other property has the default its parameter names.
 *
 * @param runtimeName          the runtime's name, {@code [a-zA-Z][a-zA-Z0-9_]{0,47}} (no hyphens; the L2 validates it).
 *                             Required. The execution role trusts AgentCore only for runtimes of this name.
 * @param description          the runtime's description. Default: none
 * @param repository           the ECR repository holding the proxy image; the proxy may pull from it. Required
 * @param image                the image in {@code repository}, pinned by digest or tag. Required
 * @param userPool             the Cognito user pool whose access tokens the runtime's JWT authorizer accepts. Required
 * @param allowedClients       the app clients whose tokens the authorizer accepts (Cognito access tokens carry
 *                             {@code client_id}, not {@code aud}). Required, at least one
 * @param allowedScopes        scopes a token must carry, e.g. {@code mcp-proxy/invoke}. Default: none required
 * @param rateLimitTable       the distributed rate-limit table: sets {@code RATE_LIMIT_TABLE} and grants item-level
 *                             access ({@link McpProxyRuntime#RATE_LIMIT_TABLE_ACTIONS}, and the table key's data-key
 *                             actions). Default: none (the proxy then limits per microVM)
 * @param auditLogGroup        the log group the proxy writes audit events to: sets {@code AUDIT_LOG_GROUP} and grants
 *                             {@code logs:CreateLogStream}, {@code logs:PutLogEvents}. Default: none
 * @param applicationLogGroup  where AgentCore delivers the runtime's {@code APPLICATION_LOGS}. Default: no delivery
 * @param usageLogGroup        where AgentCore delivers the runtime's {@code USAGE_LOGS}. Default: no delivery
 * @param runtimeLogs          how the log groups of the container's output are kept; when given, the construct creates
 *                             them. Default: none (AgentCore creates them itself, with unlimited retention and no key)
 * @param secrets              secrets the proxy reads, keyed by the environment variable that carries each ARN; each
 *                             gets {@code GetSecretValue}/{@code DescribeSecret} and decryption through Secrets
 *                             Manager only. Default: none
 * @param upstreams            the IAM access of each upstream (one statement each, see {@link UpstreamAccess}).
 *                             Default: none (plain HTTPS upstreams need none)
 * @param environmentVariables further variables; none may repeat one the construct sets, and all together at most 50
 *                             (the L2 checks). Default: none
 * @param extraRequestHeaders  request headers passed to the container besides {@code Authorization}, at most 19.
 *                             Default: none
 * @param network              public or VPC networking. Default: {@code RuntimeNetworkConfiguration.usingPublicNetwork()}
 * @param idleSessionTimeout   a session idle this long ends, 60 s to 8 h. Default: 15 minutes
 * @param maxLifetime          a session ends after this long, 60 s to 8 h. Default: 8 hours
 * @param tracing              X-Ray traces delivered by AgentCore. Default: {@code true}
 * @param endpoints            named endpoints besides the implicit DEFAULT, each pinned to a runtime version.
 *                             Default: none
 */
public record McpProxyRuntimeProps(
        String runtimeName,
        String description,
        IRepository repository,
        ImageReference image,
        IUserPool userPool,
        List<IUserPoolClient> allowedClients,
        List<String> allowedScopes,
        ITable rateLimitTable,
        ILogGroup auditLogGroup,
        ILogGroup applicationLogGroup,
        ILogGroup usageLogGroup,
        RuntimeLogs runtimeLogs,
        Map<String, ISecret> secrets,
        List<UpstreamAccess> upstreams,
        Map<String, String> environmentVariables,
        List<String> extraRequestHeaders,
        RuntimeNetworkConfiguration network,
        Duration idleSessionTimeout,
        Duration maxLifetime,
        boolean tracing,
        List<Endpoint> endpoints) {

    /**
     * How the log groups AgentCore writes the container's output to ({@code /aws/bedrock-agentcore/runtimes/<id>-<endpoint>})
     * are kept: the construct creates them, one per endpoint, so they have a retention and a key instead of none.
     */
    public record RuntimeLogs(RetentionDays retention, IKey key, RemovalPolicy removalPolicy) {
    }

    /** A named endpoint besides DEFAULT, pinned to one runtime version. */
    public record Endpoint(String name, String description, int version) {
    }

    public McpProxyRuntimeProps {
        Objects.requireNonNull(runtimeName, "runtimeName");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(userPool, "userPool");
        allowedClients = List.copyOf(Objects.requireNonNull(allowedClients, "allowedClients"));
        allowedScopes = allowedScopes == null ? List.of() : List.copyOf(allowedScopes);
        secrets = secrets == null ? Map.of() : new LinkedHashMap<>(secrets);
        upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
        environmentVariables = environmentVariables == null ? Map.of() : new LinkedHashMap<>(environmentVariables);
        extraRequestHeaders = extraRequestHeaders == null ? List.of() : List.copyOf(extraRequestHeaders);
        network = network == null ? RuntimeNetworkConfiguration.usingPublicNetwork() : network;
        idleSessionTimeout = idleSessionTimeout == null ? Duration.minutes(15) : idleSessionTimeout;
        maxLifetime = maxLifetime == null ? Duration.hours(8) : maxLifetime;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String runtimeName;
        private String description;
        private IRepository repository;
        private ImageReference image;
        private IUserPool userPool;
        private List<IUserPoolClient> allowedClients;
        private List<String> allowedScopes;
        private ITable rateLimitTable;
        private ILogGroup auditLogGroup;
        private ILogGroup applicationLogGroup;
        private ILogGroup usageLogGroup;
        private RuntimeLogs runtimeLogs;
        private Map<String, ISecret> secrets;
        private List<UpstreamAccess> upstreams;
        private Map<String, String> environmentVariables;
        private List<String> extraRequestHeaders;
        private RuntimeNetworkConfiguration network;
        private Duration idleSessionTimeout;
        private Duration maxLifetime;
        private boolean tracing = true;
        private List<Endpoint> endpoints;

        public Builder runtimeName(String value) { runtimeName = value; return this; }
        public Builder description(String value) { description = value; return this; }
        public Builder repository(IRepository value) { repository = value; return this; }
        public Builder image(ImageReference value) { image = value; return this; }
        public Builder userPool(IUserPool value) { userPool = value; return this; }
        public Builder allowedClients(List<IUserPoolClient> value) { allowedClients = value; return this; }
        public Builder allowedScopes(List<String> value) { allowedScopes = value; return this; }
        public Builder rateLimitTable(ITable value) { rateLimitTable = value; return this; }
        public Builder auditLogGroup(ILogGroup value) { auditLogGroup = value; return this; }
        public Builder applicationLogGroup(ILogGroup value) { applicationLogGroup = value; return this; }
        public Builder usageLogGroup(ILogGroup value) { usageLogGroup = value; return this; }
        public Builder runtimeLogs(RuntimeLogs value) { runtimeLogs = value; return this; }
        public Builder secrets(Map<String, ISecret> value) { secrets = value; return this; }
        public Builder upstreams(List<UpstreamAccess> value) { upstreams = value; return this; }
        public Builder environmentVariables(Map<String, String> value) { environmentVariables = value; return this; }
        public Builder extraRequestHeaders(List<String> value) { extraRequestHeaders = value; return this; }
        public Builder network(RuntimeNetworkConfiguration value) { network = value; return this; }
        public Builder idleSessionTimeout(Duration value) { idleSessionTimeout = value; return this; }
        public Builder maxLifetime(Duration value) { maxLifetime = value; return this; }
        public Builder tracing(boolean value) { tracing = value; return this; }
        public Builder endpoints(List<Endpoint> value) { endpoints = value; return this; }

        public McpProxyRuntimeProps build() {
            return new McpProxyRuntimeProps(runtimeName, description, repository, image, userPool, allowedClients,
                    allowedScopes, rateLimitTable, auditLogGroup, applicationLogGroup, usageLogGroup, runtimeLogs, secrets, upstreams,
                    environmentVariables, extraRequestHeaders, network, idleSessionTimeout, maxLifetime, tracing, endpoints);
        }
    }
}
