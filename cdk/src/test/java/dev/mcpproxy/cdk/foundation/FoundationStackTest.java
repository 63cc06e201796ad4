package dev.mcpproxy.cdk.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cdk.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What matters in the foundation stacks: encryption everywhere, retention and removal per environment, the contract. */
class FoundationStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template dev;
    private static Template staging;
    private static Template prod;

    @BeforeAll
    static void synthesize() {
        TestApps.Built built = TestApps.allEnvironments();
        dev = Template.fromStack(built.environment("dev").foundation());
        staging = Template.fromStack(built.environment("staging").foundation());
        prod = Template.fromStack(built.environment("prod").foundation());
    }

    @Test
    void repositoryScansOnPushKeepsTagsImmutableAndExpiresOldImages() {
        prod.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "RepositoryName", "mcp-proxy-prod",
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE",
                "EncryptionConfiguration", Map.of("EncryptionType", "KMS", "KmsKey", Match.anyValue()),
                "LifecyclePolicy", Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*\"countNumber\":50.*"))));
        prod.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Retain"));
        dev.hasResource("AWS::ECR::Repository", Map.of("DeletionPolicy", "Delete",
                "Properties", Match.objectLike(Map.of("EmptyOnDelete", true))));
    }

    @Test
    void logRetentionFollowsTheEnvironmentAndAuditOutlivesApplicationLogs() {
        assertRetention(dev, "/mcp-proxy-dev/application", 14);
        assertRetention(dev, "/mcp-proxy-dev/audit", 30);
        assertRetention(prod, "/mcp-proxy-prod/application", 90);
        assertRetention(prod, "/mcp-proxy-prod/audit", 2557);
        assertRetention(prod, "/mcp-proxy-prod/usage", 90);
    }

    @Test
    void everythingStatefulIsEncryptedWithTheDeploymentKey() {
        for (Template template : List.of(dev, staging, prod)) {
            String key = template.findResources("AWS::KMS::Key").keySet().iterator().next();
            Map<String, Object> byKey = Map.of("Fn::GetAtt", List.of(key, "Arn"));
            template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
            template.resourcePropertiesCountIs("AWS::Logs::LogGroup", Match.objectLike(Map.of(
                    "LogGroupName", Match.stringLikeRegexp("/mcp-proxy-.*"), "KmsKeyId", byKey)), 3);
            template.allResourcesProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of("KmsKeyId", byKey)));
            template.hasResourceProperties("AWS::DynamoDB::Table", Map.of("SSESpecification", Map.of(
                    "SSEEnabled", true, "SSEType", "KMS", "KMSMasterKeyId", byKey)));
            template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Match.anyValue()));
        }
    }

    @Test
    void keyPolicyLetsCloudWatchLogsUseTheKeyOnlyForThisDeploymentsLogGroups() {
        JsonNode statements = JSON.valueToTree(prod.findResources("AWS::KMS::Key")).elements().next()
                .at("/Properties/KeyPolicy/Statement");
        JsonNode logs = null;
        for (JsonNode statement : statements) {
            if ("AllowCloudWatchLogsForThisDeployment".equals(statement.path("Sid").asText())) {
                logs = statement;
            }
        }
        assertThat(logs).isNotNull();
        assertThat(logs.at("/Condition/ArnLike/kms:EncryptionContext:aws:logs:arn").toString()).isEqualTo(
                "[\"arn:aws:logs:eu-west-1:333333333333:log-group:/mcp-proxy-prod/*\","
                        + "\"arn:aws:logs:eu-west-1:333333333333:log-group:/aws/bedrock-agentcore/runtimes/mcp_proxy_prod-*\"]");
    }

    @Test
    void rateLimitTableIsOnDemandWithTtlAndProtectedInProduction() {
        Map<String, Object> common = Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true));
        prod.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(common));
        prod.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "DeletionProtectionEnabled", true,
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
        dev.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(common));
        dev.hasResourceProperties("AWS::DynamoDB::Table", Map.of("DeletionProtectionEnabled", false));
        dev.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void cognitoIsMachineToMachineWithoutSelfSignUpAndStricterInProduction() {
        prod.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true),
                "MfaConfiguration", "ON",
                "UserPoolAddOns", Map.of("AdvancedSecurityMode", "ENFORCED"),
                "DeletionProtection", "ACTIVE",
                "Policies", Map.of("PasswordPolicy", Match.objectLike(Map.of(
                        "MinimumLength", 14, "RequireSymbols", true, "RequireNumbers", true)))));
        dev.hasResourceProperties("AWS::Cognito::UserPool", Map.of("MfaConfiguration", "OPTIONAL"));
        prod.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "GenerateSecret", true,
                "AllowedOAuthFlows", List.of("client_credentials"),
                "AllowedOAuthScopes", Match.anyValue()));
        prod.resourceCountIs("AWS::Cognito::UserPoolClient", 2);
        prod.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "ClientName", "mcp-proxy-prod-operator", "AllowedOAuthScopes", List.of("mcp-proxy/invoke", "mcp-proxy/admin")));
        prod.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "ClientName", "mcp-proxy-prod-support-agent", "AllowedOAuthScopes", List.of("mcp-proxy/invoke")));
        prod.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", Map.of("Identifier", "mcp-proxy"));
        prod.hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of("Domain", "mcp-proxy-prod-example"));
        prod.resourceCountIs("AWS::Cognito::UserPoolGroup", 3);
    }

    @Test
    void upstreamSecretsAreCreatedEmptyOrImportedAndThePiiKeyIsGenerated() {
        staging.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Description", Match.stringLikeRegexp("OAuth client secret of upstream 'crm'.*put-secret-value.*"),
                "GenerateSecretString", Match.absent(),
                "SecretString", Match.absent()));
        prod.hasResourceProperties("AWS::SecretsManager::Secret", Map.of(
                "Description", Match.stringLikeRegexp(".*PII tokenization.*"),
                "GenerateSecretString", Map.of("PasswordLength", 64, "ExcludePunctuation", true)));
        assertThat(JSON.valueToTree(prod.findResources("AWS::SecretsManager::Secret")).toString())
                .as("prod imports the crm secret instead of creating one").doesNotContain("upstream 'crm'");
    }

    @Test
    void outputsAreTheCliContractAndNeverTheClientSecret() {
        for (String output : List.of("EcrRepositoryUri", "EcrRepositoryName", "ApplicationLogGroupName", "AuditLogGroupName",
                "UsageLogGroupName",
                "CognitoTokenUrl", "CognitoClientId", "CognitoClientSecretArn", "UserPoolId", "RateLimitTableName", "KmsKeyArn")) {
            prod.hasOutput(output, Match.anyValue());
        }
        assertThat(JSON.valueToTree(prod.findOutputs("*")).toString()).doesNotContain("ClientSecret\"]");
        prod.hasOutput("CognitoClientId", Map.of("Value", Map.of("Ref", logicalId(prod, "AWS::Cognito::UserPoolClient", "mcp-proxy-prod-operator"))));
        prod.hasOutput("ClientOperatorId", Map.of("Value", Map.of("Ref", logicalId(prod, "AWS::Cognito::UserPoolClient", "mcp-proxy-prod-operator"))));
        prod.hasOutput("ClientSupportAgentId", Map.of("Value", Map.of("Ref", logicalId(prod, "AWS::Cognito::UserPoolClient", "mcp-proxy-prod-support-agent"))));
        prod.hasOutput("ClientOperatorScopes", Map.of("Value", "mcp-proxy/invoke mcp-proxy/admin"));
        prod.hasOutput("ClientSupportAgentScopes", Map.of("Value", "mcp-proxy/invoke"));
        prod.hasOutput("ClientSupportAgentSecretArn", Match.anyValue());
        assertThat(JSON.valueToTree(prod.findOutputs("CognitoClientSecretArn")).toString()).contains("MachineClientCredentials");
        assertThat(JSON.valueToTree(prod.findOutputs("CognitoTokenUrl")).toString())
                .contains("https://").contains("/oauth2/token");
    }

    @Test
    void auditMetricsAlarmAndQueriesExist() {
        Map<String, String> patterns = Map.of(
                "DeniedCalls", "{ ($.kind = \"audit\") && ($.decision = \"deny\") }",
                "RequestsWithPii", "{ ($.kind = \"audit\") && (($.pii.tokenized > 0) || ($.pii.redacted > 0) "
                        + "|| ($.pii.allowed > 0) || ($.pii.result.tokenized > 0) || ($.pii.result.redacted > 0) "
                        + "|| ($.pii.result.allowed > 0) || ($.errorCode = -32005)) }",
                "UpstreamErrors", "{ ($.kind = \"audit\") && (($.outcome = \"error\") "
                        + "&& (($.errorCode = -32001) || ($.errorCode = -32006))) }");
        patterns.forEach((metric, pattern) -> prod.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of(
                "FilterPattern", pattern,
                "MetricTransformations", List.of(Match.objectLike(Map.of("MetricName", metric, "MetricNamespace", "McpProxy/prod",
                        "MetricValue", "1")))))));
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Threshold", 25)));
        prod.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "mcp-proxy-oncall@example.com",
                "TopicArn", Match.anyValue()));
        prod.resourceCountIs("AWS::Logs::QueryDefinition", 4);
        prod.hasResourceProperties("AWS::Logs::QueryDefinition", Match.objectLike(Map.of(
                "Name", "mcp-proxy-prod/audit/what-was-denied-and-why",
                "QueryString", Match.stringLikeRegexp("filter kind = \"audit\"\\n\\| filter decision = \"deny\""))));
        prod.hasResourceProperties("AWS::Logs::QueryDefinition", Match.objectLike(Map.of(
                "Name", "mcp-proxy-prod/audit/which-upstreams-failed",
                "QueryString", Match.stringLikeRegexp("errorCode in \\[-32001, -32006\\]"))));
    }

    @Test
    void alarmTopicLetsThisAccountsAlarmsPublishAndTheirServiceUseTheKey() {
        for (Template template : List.of(dev, staging, prod)) {
            JsonNode policy = JSON.valueToTree(template.findResources("AWS::SNS::TopicPolicy")).elements().next()
                    .at("/Properties/PolicyDocument/Statement");
            JsonNode publish = null;
            for (JsonNode statement : policy) {
                if (statement.path("Principal").path("Service").asText().equals("cloudwatch.amazonaws.com")) {
                    publish = statement;
                }
            }
            assertThat(publish).as("a statement allowing CloudWatch alarms to publish").isNotNull();
            assertThat(publish.path("Effect").asText()).isEqualTo("Allow");
            assertThat(publish.path("Action").asText()).isEqualTo("sns:Publish");
            assertThat(publish.at("/Condition/StringEquals/aws:SourceAccount").asText()).matches("\\d{12}");
            assertThat(publish.at("/Condition/ArnLike/aws:SourceArn").asText())
                    .matches("arn:aws:cloudwatch:eu-west-1:\\d{12}:alarm:\\*");
            JsonNode keyStatements = JSON.valueToTree(template.findResources("AWS::KMS::Key")).elements().next()
                    .at("/Properties/KeyPolicy/Statement");
            assertThat(keyStatements.toString()).contains("AllowCloudWatchAlarmsToPublishToEncryptedTopic");
        }
    }

    @Test
    void clientSecretsComeFromCloudFormationWithoutACustomResourceLambda() {
        for (Template template : List.of(dev, staging, prod)) {
            template.resourceCountIs("AWS::Lambda::Function", 0);
            template.resourceCountIs("Custom::DescribeCognitoUserPoolClient", 0);
            template.resourceCountIs("AWS::IAM::Role", 0);
            for (String client : template.findResources("AWS::Cognito::UserPoolClient").keySet()) {
                template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("SecretString", Map.of("Fn::Join", List.of("",
                        Match.arrayWith(List.of(Map.of("Ref", client), Map.of("Fn::GetAtt", List.of(client, "ClientSecret"))))))));
            }
        }
    }

    private static String logicalId(Template template, String type, String clientName) {
        return template.findResources(type, Map.of("Properties", Map.of("ClientName", clientName))).keySet().iterator().next();
    }

    private static void assertRetention(Template template, String name, int days) {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", name, "RetentionInDays", days,
                "KmsKeyId", Match.anyValue()));
    }
}
