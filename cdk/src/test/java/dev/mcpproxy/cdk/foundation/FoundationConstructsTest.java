package dev.mcpproxy.cdk.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cdk.environment.CognitoSettings;
import dev.mcpproxy.cdk.observability.ProxyObservability;
import dev.mcpproxy.cdk.observability.ProxyObservabilityProps;
import dev.mcpproxy.contracts.CognitoClients;
import dev.mcpproxy.contracts.EnvironmentVariables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The foundation's constructs on their own, from props with only the required properties: the documented defaults. */
class FoundationConstructsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theKeyLetsCloudWatchLogsInOnlyForTheNamedLogGroups() {
        Stack stack = stack();
        new DeploymentKey(stack, "Bare", DeploymentKeyProps.builder().alias("alias/bare").build());
        new DeploymentKey(stack, "Logs", DeploymentKeyProps.builder().alias("alias/logs").description("with logs")
                .logGroupNamePatterns(List.of("/p/*")).build());
        Template template = Template.fromStack(stack);
        template.allResources("AWS::KMS::Key", Match.objectLike(Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("EnableKeyRotation", true, "PendingWindowInDays", 30)))));
        template.hasResourceProperties("AWS::KMS::Alias", Map.of("AliasName", "alias/bare", "TargetKeyId", Match.anyValue()));
        String bare = JSON.valueToTree(template.findResources("AWS::KMS::Key", Map.of("Properties", Match.objectLike(Map.of(
                "Description", "Encrypts an MCP proxy deployment"))))).toString();
        assertThat(bare).contains("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .doesNotContain("AllowCloudWatchLogsForThisDeployment").contains("Encrypts an MCP proxy deployment");
        String logs = JSON.valueToTree(template.findResources("AWS::KMS::Key", Map.of("Properties", Match.objectLike(Map.of(
                "Description", "with logs"))))).toString();
        assertThat(logs).contains("AllowCloudWatchLogsForThisDeployment").contains("AllowCloudWatchAlarmsToPublishToEncryptedTopic")
                .contains(":logs:us-east-1:123456789012:log-group:/p/*\"]]}]");
    }

    @Test
    void logsDefaultToAMonthAYearRetainedUnsubscribedAndNamedByThePrefix() {
        Stack stack = stack();
        ProxyLogs logs = new ProxyLogs(stack, "Logs", ProxyLogsProps.builder().prefix("p").build());
        Template template = Template.fromStack(stack);
        for (Map.Entry<String, Integer> group : Map.of("/p/application", 30, "/p/usage", 30, "/p/audit", 365).entrySet()) {
            template.hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain", "Properties", Map.of(
                    "LogGroupName", group.getKey(), "RetentionInDays", group.getValue())));
        }
        template.resourceCountIs("AWS::SNS::Subscription", 0);
        template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.absent()));
        template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of("MetricTransformations",
                List.of(Match.objectLike(Map.of("MetricName", "DeniedCalls", "MetricNamespace", "McpProxy/p"))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Threshold", 50)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Threshold", 10)));
        template.hasResourceProperties("AWS::Logs::QueryDefinition", Match.objectLike(Map.of("Name", "p/audit/who-called-which-tool")));
        assertThat(logs.auditLogGroup().getLogGroupName()).isNotNull();
    }

    @Test
    void secretsWithoutUpstreamsAreTheThreeGeneratedKeysRetained() {
        Stack stack = stack();
        ProxySecrets secrets = new ProxySecrets(stack, "Secrets", ProxySecretsProps.builder().prefix("p").build());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::SecretsManager::Secret", 3);
        template.allResources("AWS::SecretsManager::Secret", Match.objectLike(Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("KmsKeyId", Match.absent())))));
        assertThat(secrets.byVariable()).containsOnlyKeys(EnvironmentVariables.PII_KEYSET_SECRET_ARN, EnvironmentVariables.AUDIT_KEY_SECRET_ARN,
                EnvironmentVariables.REQUEST_STATE_KEY_SECRET_ARN);
    }

    @Test
    void inboundOAuthDefaultsToARetainedPoolWithoutDeletionProtection() {
        Stack stack = stack();
        InboundOAuth oauth = new InboundOAuth(stack, "OAuth", InboundOAuthProps.builder()
                .prefix("p")
                .cognito(new CognitoSettings("p-example", null, null, null, null, null, null, null))
                .build());
        Template template = Template.fromStack(stack);
        template.hasResource("AWS::Cognito::UserPool", Map.of("DeletionPolicy", "Retain", "Properties", Match.objectLike(Map.of(
                "UserPoolName", "p-callers", "DeletionProtection", "INACTIVE", "MfaConfiguration", "ON"))));
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of("ClientName", "p-operator")));
        assertThat(oauth.clients()).extracting(InboundOAuth.AppClient::name).containsExactly(CognitoClients.OPERATOR);
    }

    @Test
    void observabilityWithoutATopicHasAlarmsWithoutActionsAndTheDefaultThresholds() {
        Stack stack = stack();
        new ProxyObservability(stack, "Observability", ProxyObservabilityProps.builder()
                .environmentName("e").prefix("p").build());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 5);
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmActions", Match.absent())));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", "p-ErrorRateAlarm", "Threshold", 5)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", "p-LatencyP99Alarm", "Threshold", 3000)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", "p-DenialSpikeAlarm", "Threshold", 50)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("AlarmName", "p-AuditDropAlarm", "Threshold", 1)));
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Match.objectLike(Map.of("DashboardName", "p-mcp-proxy")));
    }

    private static Stack stack() {
        return new Stack(new App(), "Test", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
    }
}
