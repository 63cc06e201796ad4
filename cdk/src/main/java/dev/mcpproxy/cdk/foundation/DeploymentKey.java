package dev.mcpproxy.cdk.foundation;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The deployment's customer-managed KMS key (rotation on): it encrypts the image repository, log groups, secrets, the
 * rate-limit table and the alarm topic. The key policy lets CloudWatch Logs use it only for the named log groups
 * (the deployment's own and the runtime's, see {@link LogGroupNames}) and CloudWatch alarms of this account only to
 * publish to an encrypted topic.
 */
public final class DeploymentKey extends Construct {
    private final Key key;

    public DeploymentKey(Construct scope, String id, DeploymentKeyProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        key = Key.Builder.create(this, "Key")
                .alias(props.alias())
                .description(props.description())
                .enableKeyRotation(true)
                .pendingWindow(Duration.days(30))
                .removalPolicy(props.removalPolicy())
                .build();
        if (!props.logGroupNamePatterns().isEmpty()) {
            allowCloudWatchLogs(stack, props.logGroupNamePatterns());
        }
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
                .build());
    }

    private void allowCloudWatchLogs(Stack stack, List<String> logGroupNamePatterns) {
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsForThisDeployment")
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        logGroupNamePatterns.stream().map(pattern -> logGroupArn(stack, pattern)).toList())))
                .build());
    }

    private static String logGroupArn(Stack stack, String namePattern) {
        return "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:" + namePattern;
    }

    public Key key() {
        return key;
    }
}
