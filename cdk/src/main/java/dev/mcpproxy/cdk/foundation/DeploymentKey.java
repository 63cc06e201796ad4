package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The deployment's customer-managed KMS key: it encrypts the image repository, log groups, secrets, the rate-limit
 * table and the alarm topic. The key policy lets CloudWatch Logs use it only for this deployment's log groups and
 * (its own and the runtime's, see {@link LogGroupNames}) and CloudWatch alarms only to publish to the encrypted topic.
 */
public final class DeploymentKey extends Construct {
    private final Key key;

    public DeploymentKey(Construct scope, String id, DeploymentEnvironment environment) {
        super(scope, id);
        Stack stack = Stack.of(this);
        key = Key.Builder.create(this, "Key")
                .alias("alias/" + environment.prefix())
                .description("Encrypts the " + environment.prefix() + " MCP proxy deployment")
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(environment.removalPolicy().policy())
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsForThisDeployment")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn", List.of(
                        logGroupArn(stack, LogGroupNames.root(environment) + "*"),
                        logGroupArn(stack, LogGroupNames.runtimePrefix(environment) + "*")))))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
    }

    private static String logGroupArn(Stack stack, String namePattern) {
        return "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:" + namePattern;
    }

    public Key key() {
        return key;
    }
}
