package dev.mcpproxy.cdk.runtime;

import dev.mcpproxy.cdk.nag.Suppress;
import dev.mcpproxy.contracts.EnvironmentVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.bedrockagentcore.AddEndpointOptions;
import software.amazon.awscdk.services.bedrockagentcore.AgentRuntimeArtifact;
import software.amazon.awscdk.services.bedrockagentcore.LifecycleConfiguration;
import software.amazon.awscdk.services.bedrockagentcore.LogType;
import software.amazon.awscdk.services.bedrockagentcore.LoggingConfig;
import software.amazon.awscdk.services.bedrockagentcore.LoggingDestination;
import software.amazon.awscdk.services.bedrockagentcore.ProtocolType;
import software.amazon.awscdk.services.bedrockagentcore.RequestHeaderConfiguration;
import software.amazon.awscdk.services.bedrockagentcore.Runtime;
import software.amazon.awscdk.services.bedrockagentcore.RuntimeAuthorizerConfiguration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.CfnRole;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The MCP proxy on AgentCore Runtime: protocol MCP, the image pinned in its repository, a Cognito JWT authorizer,
 * {@code Authorization} passed through to the container, and an execution role that holds exactly what this
 * deployment needs (image pull from its repository, its table, its audit log group, its secrets, its upstreams)
 * beside the permissions AgentCore documents for every runtime.
 *
 * <p>The construct is {@link IGrantable}: its principal is the execution role that the aws-cdk-lib {@link Runtime}
 * creates (trust limited to AgentCore in this account for runtimes of this name), so other resources grant to it the
 * usual way ({@code bucket.grantRead(proxy)}). {@link #grantInvoke} lets a caller invoke the runtime.
 */
public class McpProxyRuntime extends Construct implements IGrantable {
    /** What a distributed token bucket needs: read a counter, create or conditionally update it, expire it. */
    public static final List<String> RATE_LIMIT_TABLE_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable");
    /** Where AgentCore writes a runtime's container output: {@code <root><runtimeId>-<endpoint>}. */
    public static final String RUNTIME_LOG_ROOT = "/aws/bedrock-agentcore/runtimes/";

    private final Runtime runtime;
    private final String imageUri;
    private final Map<String, String> upstreamsBySid = new LinkedHashMap<>();
    private final Map<String, LogGroup> runtimeLogGroups = new LinkedHashMap<>();

    public McpProxyRuntime(Construct scope, String id, McpProxyRuntimeProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        imageUri = props.image().uriIn(props.repository(), stack);
        // The L2 creates the execution role, adds AgentCore's documented permissions and validates the variables
        // (at most 50, names, value lengths).
        runtime = Runtime.Builder.create(this, "Runtime")
                .runtimeName(props.runtimeName())
                .description(props.description())
                .agentRuntimeArtifact(AgentRuntimeArtifact.fromImageUri(imageUri))
                .protocolConfiguration(ProtocolType.MCP)
                .authorizerConfiguration(RuntimeAuthorizerConfiguration.usingCognito(
                        props.userPool(), props.allowedClients(), null, props.allowedScopes().isEmpty() ? null : props.allowedScopes()))
                .networkConfiguration(props.network())
                .environmentVariables(environmentVariables(props, stack))
                .lifecycleConfiguration(LifecycleConfiguration.builder()
                        .idleRuntimeSessionTimeout(props.idleSessionTimeout())
                        .maxLifetime(props.maxLifetime())
                        .build())
                .requestHeaderConfiguration(RequestHeaderConfiguration.builder()
                        .allowlistedHeaders(requestHeaders(props))
                        .build())
                .tracingEnabled(props.tracing())
                .loggingConfigs(loggingConfigs(props))
                .build();
        // The L2's description is the same for every runtime; this one says whose role it is.
        ((CfnRole) getRole().getNode().getDefaultChild())
                .setDescription("Execution role of the " + props.runtimeName() + " MCP proxy runtime");
        props.repository().grantPull(this);
        if (props.rateLimitTable() != null) {
            grantRateLimitTableAccess(props.rateLimitTable());
        }
        if (props.auditLogGroup() != null) {
            props.auditLogGroup().grantWrite(this);
        }
        props.secrets().values().forEach(this::grantSecretAccess);
        props.upstreams().forEach(this::grantUpstreamAccess);
        // Pinned: an endpoint on runtime.getAgentRuntimeVersion() would move with every update, like DEFAULT.
        props.endpoints().forEach(endpoint -> runtime.addEndpoint(endpoint.name(), AddEndpointOptions.builder()
                .description(endpoint.description())
                .version(String.valueOf(endpoint.version()))
                .build()));
        if (props.runtimeLogs() != null) {
            manageRuntimeLogGroups(props);
        }
        suppressDocumentedWildcards();
    }

    /** Application and usage logs, each to its log group when one is given. */
    private static List<LoggingConfig> loggingConfigs(McpProxyRuntimeProps props) {
        List<LoggingConfig> configs = new ArrayList<>();
        if (props.applicationLogGroup() != null) {
            configs.add(LoggingConfig.builder().logType(LogType.APPLICATION_LOGS)
                    .destination(LoggingDestination.cloudWatchLogs(props.applicationLogGroup())).build());
        }
        if (props.usageLogGroup() != null) {
            configs.add(LoggingConfig.builder().logType(LogType.USAGE_LOGS)
                    .destination(LoggingDestination.cloudWatchLogs(props.usageLogGroup())).build());
        }
        return configs.isEmpty() ? null : configs;
    }

    /**
     * The groups AgentCore writes the container's stdout and stderr to, one per endpoint, created here (after the
     * runtime, named by its id) so that they get a retention and the deployment key. AgentCore creates a missing
     * group on a session's first line; these exist before the first session.
     */
    private void manageRuntimeLogGroups(McpProxyRuntimeProps props) {
        List<String> endpoints = new ArrayList<>();
        endpoints.add("DEFAULT");
        props.endpoints().forEach(endpoint -> endpoints.add(endpoint.name()));
        for (String endpoint : endpoints) {
            LogGroup group = LogGroup.Builder.create(this, "RuntimeLogs" + endpoint)
                    .logGroupName(RUNTIME_LOG_ROOT + runtime.getAgentRuntimeId() + "-" + endpoint)
                    .retention(props.runtimeLogs().retention())
                    .encryptionKey(props.runtimeLogs().key())
                    .removalPolicy(props.runtimeLogs().removalPolicy())
                    .build();
            runtimeLogGroups.put(endpoint, group);
        }
    }

    /** The log group AgentCore writes an endpoint's container output to, when {@code runtimeLogs} was given. */
    public LogGroup runtimeLogGroup(String endpoint) {
        return runtimeLogGroups.get(endpoint);
    }

    /** The execution role: what the proxy itself may do. */
    @Override
    public IPrincipal getGrantPrincipal() {
        return runtime.getGrantPrincipal();
    }

    /** The execution role the aws-cdk-lib {@link Runtime} created, for statements no grant expresses. */
    public IRole getRole() {
        return runtime.getRole();
    }

    /**
     * Gives {@code grantee} (a client role, a CI role) {@code InvokeAgentRuntime} on the runtime and its endpoints.
     * The IAM permission does not replace a token: the JWT authorizer admits bearer tokens of the allowed clients.
     */
    public Grant grantInvoke(IGrantable grantee) {
        return runtime.grantInvokeRuntime(grantee);
    }

    /**
     * Lets this proxy call one AgentCore gateway upstream, and nothing else of the gateway service.
     *
     * @throws IllegalArgumentException when another upstream of this proxy derives the same IAM statement id
     */
    public Grant grantInvokeGateway(String upstream, String gatewayArn) {
        return grantUpstreamAccess(UpstreamAccess.gateway(upstream, gatewayArn));
    }

    /**
     * Lets this proxy call one AgentCore runtime upstream on its DEFAULT endpoint.
     *
     * @throws IllegalArgumentException when another upstream of this proxy derives the same IAM statement id
     */
    public Grant grantInvokeAgentRuntime(String upstream, String runtimeArn) {
        return grantUpstreamAccess(UpstreamAccess.agentRuntime(upstream, runtimeArn));
    }

    public Runtime runtime() {
        return runtime;
    }

    public String imageUri() {
        return imageUri;
    }

    public String runtimeArn() {
        return runtime.getAgentRuntimeArn();
    }

    public String runtimeId() {
        return runtime.getAgentRuntimeId();
    }

    /**
     * The MCP URL clients call: {@code https://bedrock-agentcore.<region>.amazonaws.com/runtimes/<URL-encoded ARN>/invocations?qualifier=DEFAULT}.
     * The ARN is assembled from known parts and the runtime id so that it can be encoded at synthesis time.
     */
    public String invocationUrl() {
        return invocationUrl("DEFAULT");
    }

    /** The MCP URL of one endpoint ({@code qualifier=<endpoint>}). */
    public String invocationUrl(String endpoint) {
        Stack stack = Stack.of(this);
        String encodedArn = "arn%3A" + stack.getPartition() + "%3Abedrock-agentcore%3A" + stack.getRegion()
                + "%3A" + stack.getAccount() + "%3Aruntime%2F" + runtime.getAgentRuntimeId();
        return "https://bedrock-agentcore." + stack.getRegion() + "." + stack.getUrlSuffix() + "/runtimes/" + encodedArn
                + "/invocations?qualifier=" + endpoint;
    }

    /** One statement per upstream, with the upstream's statement id, which IAM requires to be unique in the policy. */
    private Grant grantUpstreamAccess(UpstreamAccess access) {
        String earlier = upstreamsBySid.putIfAbsent(access.sid(), access.upstream());
        if (earlier != null) {
            // IAM rejects a policy with two statements of the same Sid only at deploy time.
            throw new IllegalArgumentException("upstreams '" + earlier + "' and '" + access.upstream()
                    + "' would both get the IAM statement id " + access.sid() + "; rename one of them");
        }
        return access.grantTo(this);
    }

    /**
     * Item reads and conditional writes on the rate-limit table, no scans, queries or streams; and the table key's
     * data-key actions, which DynamoDB requires of the caller for a customer-managed key.
     */
    private void grantRateLimitTableAccess(ITable table) {
        table.grant(this, RATE_LIMIT_TABLE_ACTIONS.toArray(String[]::new));
        if (table.getEncryptionKey() != null) {
            table.getEncryptionKey().grant(this,
                    "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");
            Suppress.findings(getRole(), "AwsSolutions-IAM5", List.of("Action::kms:ReEncrypt*", "Action::kms:GenerateDataKey*"),
                    "AWS documents these KMS action groups for principals using a DynamoDB table with a customer-managed key; "
                            + "the statement names that one key.");
        }
    }

    /**
     * Read access to one secret and decryption through Secrets Manager only. {@code ISecret.grantRead} would also
     * name this role in the key policy of a key in another stack, which makes the stacks depend on each other.
     */
    private void grantSecretAccess(ISecret secret) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(this)
                .actions(List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"))
                .resourceArns(List.of(secret.getSecretArn()))
                .build());
        if (secret.getEncryptionKey() != null) {
            Stack stack = Stack.of(this);
            Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                    .grantee(this)
                    .actions(List.of("kms:Decrypt"))
                    .resourceArns(List.of(secret.getEncryptionKey().getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of(
                            "kms:ViaService", "secretsmanager." + stack.getRegion() + "." + stack.getUrlSuffix())))
                    .build());
        }
    }

    /** The construct's own variables, then the caller's; the L2 validates count, names and value lengths. */
    private static Map<String, String> environmentVariables(McpProxyRuntimeProps props, Stack stack) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(EnvironmentVariables.AWS_REGION, stack.getRegion());
        if (props.rateLimitTable() != null) {
            variables.put(EnvironmentVariables.RATE_LIMIT_TABLE, props.rateLimitTable().getTableName());
        }
        if (props.auditLogGroup() != null) {
            variables.put(EnvironmentVariables.AUDIT_LOG_GROUP, props.auditLogGroup().getLogGroupName());
        }
        props.secrets().forEach((variable, secret) -> variables.put(variable, secret.getSecretArn()));
        props.environmentVariables().forEach((name, value) -> {
            if (variables.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("environment variable " + name + " is set by McpProxyRuntime itself");
            }
        });
        return variables;
    }

    private static List<String> requestHeaders(McpProxyRuntimeProps props) {
        List<String> headers = new ArrayList<>();
        headers.add("Authorization");
        headers.addAll(props.extraRequestHeaders());
        return headers;
    }

    /** The wildcards AgentCore's documented runtime permissions require; each names why it cannot be narrower. */
    private void suppressDocumentedWildcards() {
        Stack stack = Stack.of(this);
        String logs = "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:";
        String identity = "arn:" + stack.getPartition() + ":bedrock-agentcore:" + stack.getRegion() + ":" + stack.getAccount()
                + ":workload-identity-directory/default/workload-identity/*";
        Suppress.findings(getRole(), "AwsSolutions-IAM5", List.of("Resource::*"),
                "AWS requires '*' for ecr:GetAuthorizationToken (account-wide registry login) and for the X-Ray actions; "
                        + "cloudwatch:PutMetricData on '*' is limited by the cloudwatch:namespace condition to bedrock-agentcore.");
        Suppress.findings(getRole(), "AwsSolutions-IAM5", List.of(
                        "Resource::" + logs + "/aws/bedrock-agentcore/runtimes/*",
                        "Resource::" + logs + "/aws/bedrock-agentcore/runtimes/*:log-stream:*",
                        "Resource::" + logs + "*"),
                "AgentCore names the runtime's own log groups after the runtime id, known only after creation; "
                        + "logs:DescribeLogGroups has no narrower resource.");
        Suppress.findings(getRole(), "AwsSolutions-IAM5", List.of("Resource::" + identity),
                "The workload identity is created by AgentCore with the runtime and named by the service.");
    }
}
