package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import dev.mcpproxy.cdk.environment.RemovalMode;
import dev.mcpproxy.cdk.nag.Suppress;
import dev.mcpproxy.cdk.observability.ObservabilityThresholds;
import dev.mcpproxy.cdk.observability.ProxyObservability;
import dev.mcpproxy.cdk.observability.ProxyObservabilityProps;
import dev.mcpproxy.contracts.RateLimitTable;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * {@code McpProxy-<env>-Foundation}: everything that must exist before the runtime, above all the image repository
 * the proxy image is pushed to. Its outputs are the CLI's contract.
 */
public final class FoundationStack extends Stack {
    private final DeploymentEnvironment environment;
    private final Key key;
    private final Repository repository;
    private final ProxyLogs logs;
    private final InboundOAuth oauth;
    private final ProxySecrets secrets;
    private final Table rateLimitTable;

    public FoundationStack(Construct scope, DeploymentEnvironment environment) {
        super(scope, StackNames.foundation(environment.name()), StackProps.builder()
                .env(Environment.builder().account(environment.account()).region(environment.region()).build())
                .description("MCP proxy on AgentCore, " + environment.name() + ": image repository, identity, logs, secrets, state")
                .terminationProtection(environment.production())
                .build());
        this.environment = environment;
        RemovalPolicy removal = environment.removalPolicy().policy();
        key = new DeploymentKey(this, "Encryption", DeploymentKeyProps.builder()
                .alias("alias/" + environment.prefix())
                .description("Encrypts the " + environment.prefix() + " MCP proxy deployment")
                .removalPolicy(removal)
                .logGroupNamePatterns(List.of(LogGroupNames.root(environment.prefix()) + "*",
                        LogGroupNames.runtimePrefix(environment.runtimeName()) + "*"))
                .build()).key();
        repository = createImageRepository();
        logs = new ProxyLogs(this, "Logs", ProxyLogsProps.builder()
                .prefix(environment.prefix())
                .metricNamespace("McpProxy/" + environment.name())
                .applicationRetention(Retention.ofDays(environment.logs().applicationRetentionDays()))
                .auditRetention(Retention.ofDays(environment.logs().auditRetentionDays()))
                .encryptionKey(key)
                .removalPolicy(removal)
                .alarmEmail(environment.alarms().email())
                .deniedCallsThreshold(environment.alarms().deniedCallsPerFiveMinutes())
                .upstreamErrorsThreshold(environment.alarms().upstreamErrorsPerFiveMinutes())
                .build());
        new ProxyObservability(this, "Observability", ProxyObservabilityProps.builder()
                .environmentName(environment.name())
                .prefix(environment.prefix())
                .thresholds(ObservabilityThresholds.of(environment))
                .alarmTopic(logs.alarmTopic())
                .build());
        oauth = new InboundOAuth(this, "InboundOAuth", InboundOAuthProps.builder()
                .prefix(environment.prefix())
                .cognito(environment.cognito())
                .encryptionKey(key)
                .removalPolicy(removal)
                .deletionProtection(environment.production())
                .build());
        secrets = new ProxySecrets(this, "Secrets", ProxySecretsProps.builder()
                .prefix(environment.prefix())
                .upstreams(environment.upstreams())
                .encryptionKey(key)
                .removalPolicy(removal)
                .build());
        rateLimitTable = createRateLimitTable();
        outputs();
    }

    private Repository createImageRepository() {
        boolean destroy = environment.removalPolicy() == RemovalMode.DESTROY;
        return Repository.Builder.create(this, "ImageRepository")
                .repositoryName(environment.prefix())
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .encryption(RepositoryEncryption.KMS)
                .encryptionKey(key)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .description("Keep the last " + environment.repository().keepImages() + " images")
                        .maxImageCount(environment.repository().keepImages())
                        .build()))
                .removalPolicy(environment.removalPolicy().policy())
                .emptyOnDelete(destroy)
                .build();
    }

    private Table createRateLimitTable() {
        Table table = Table.Builder.create(this, "RateLimitTable")
                .tableName(environment.prefix() + "-rate-limits")
                .partitionKey(Attribute.builder().name(RateLimitTable.PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(RateLimitTable.EXPIRES_AT)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(environment.production())
                        .build())
                .deletionProtection(environment.production())
                .removalPolicy(environment.removalPolicy().policy())
                .build();
        if (!environment.production()) {
            Suppress.rule(table, "AwsSolutions-DDB3",
                    "Rate-limit counters expire within minutes (TTL); outside production a restore has nothing worth restoring.");
        }
        return table;
    }

    private void outputs() {
        output(StackOutputs.ECR_REPOSITORY_URI, repository.getRepositoryUri(), "Push the proxy image here");
        output(StackOutputs.ECR_REPOSITORY_NAME, repository.getRepositoryName(), "Image repository name");
        output(StackOutputs.APPLICATION_LOG_GROUP_NAME, logs.applicationLogGroup().getLogGroupName(), "The runtime's application logs");
        output(StackOutputs.AUDIT_LOG_GROUP_NAME, logs.auditLogGroup().getLogGroupName(), "The proxy's audit events");
        output(StackOutputs.USAGE_LOG_GROUP_NAME, logs.usageLogGroup().getLogGroupName(), "The runtime's per-session resource usage");
        output(StackOutputs.COGNITO_TOKEN_URL, oauth.tokenUrl(), "OAuth token endpoint (client_credentials grant)");
        output(StackOutputs.COGNITO_CLIENT_ID, oauth.operator().client().getUserPoolClientId(), "The operator client's id (the CLI's default)");
        output(StackOutputs.COGNITO_CLIENT_SECRET_ARN, oauth.operator().credentials().getSecretArn(),
                "Secrets Manager secret holding the operator client's clientId and clientSecret (the value is never an output)");
        for (InboundOAuth.AppClient client : oauth.clients()) {
            output(StackOutputs.clientId(client.name()), client.client().getUserPoolClientId(), "App client '" + client.name() + "'");
            output(StackOutputs.clientSecretArn(client.name()), client.credentials().getSecretArn(),
                    "Secrets Manager secret holding clientId and clientSecret of app client '" + client.name() + "'");
            output(StackOutputs.clientScopes(client.name()), String.join(" ", client.qualifiedScopes()),
                    "The scopes app client '" + client.name() + "' may request (space-separated)");
        }
        output(StackOutputs.USER_POOL_ID, oauth.userPool().getUserPoolId(), "User pool of the callers");
        output(StackOutputs.RATE_LIMIT_TABLE_NAME, rateLimitTable.getTableName(), "Distributed rate-limit state");
        output(StackOutputs.KMS_KEY_ARN, key.getKeyArn(), "The deployment's KMS key");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public Key key() {
        return key;
    }

    public Repository repository() {
        return repository;
    }

    public ProxyLogs logs() {
        return logs;
    }

    public InboundOAuth oauth() {
        return oauth;
    }

    public ProxySecrets secrets() {
        return secrets;
    }

    public Table rateLimitTable() {
        return rateLimitTable;
    }
}
