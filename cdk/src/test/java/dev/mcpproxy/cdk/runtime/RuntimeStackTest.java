package dev.mcpproxy.cdk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cdk.TestApps;
import dev.mcpproxy.contracts.CdkContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** What matters in the runtime stacks, asserted on the synthesized templates of the committed environments. */
class RuntimeStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template dev;
    private static Template staging;
    private static Template prod;

    @BeforeAll
    static void synthesize() {
        TestApps.Built built = TestApps.allEnvironments();
        dev = Template.fromStack(built.environment("dev").runtime());
        staging = Template.fromStack(built.environment("staging").runtime());
        prod = Template.fromStack(built.environment("prod").runtime());
    }

    @Test
    void runtimeSpeaksMcpWithTheCognitoAuthorizerAndPassesAuthorizationThrough() {
        dev.hasResourceProperties("AWS::BedrockAgentCore::Runtime", Map.of(
                "AgentRuntimeName", "mcp_proxy_dev",
                "ProtocolConfiguration", "MCP",
                "AuthorizerConfiguration", Map.of("CustomJWTAuthorizer", Map.of(
                        "AllowedScopes", List.of("mcp-proxy/invoke"),
                        "AllowedClients", Match.anyValue(),
                        "DiscoveryUrl", Match.anyValue())),
                "RequestHeaderConfiguration", Map.of("RequestHeaderAllowlist", List.of("Authorization")),
                "NetworkConfiguration", Map.of("NetworkMode", "PUBLIC"),
                "LifecycleConfiguration", Map.of("IdleRuntimeSessionTimeout", 900, "MaxLifetime", 28800)));
        assertThat(runtime(prod).at("/AuthorizerConfiguration/CustomJWTAuthorizer/AllowedClients").toString())
                .as("every declared app client").contains("MachineClient").contains("ClientSupportAgent");
        assertThat(runtime(dev).at("/AuthorizerConfiguration/CustomJWTAuthorizer").has("AllowedAudience"))
                .as("Cognito access tokens carry no aud claim").isFalse();
        assertThat(runtime(prod).at("/RequestHeaderConfiguration/RequestHeaderAllowlist").toString())
                .isEqualTo("[\"Authorization\",\"X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant\"]");
    }

    @Test
    void imageIsPinnedByDigestInTheFoundationRepository() {
        String uri = runtime(prod).at("/AgentRuntimeArtifact/ContainerConfiguration/ContainerUri").toString();
        assertThat(uri).contains("@" + TestApps.IMAGE_DIGEST).contains("McpProxy-prod-Foundation").doesNotContain(":latest");
    }

    @Test
    void prodRunsInItsVpcWithTheNamedSubnetsAndSecurityGroups() {
        prod.hasResourceProperties("AWS::BedrockAgentCore::Runtime", Map.of("NetworkConfiguration", Map.of(
                "NetworkMode", "VPC",
                "NetworkModeConfig", Map.of(
                        "Subnets", List.of("subnet-0a1b2c3d4e5f60719", "subnet-0a1b2c3d4e5f6071a"),
                        "SecurityGroups", List.of("sg-0a1b2c3d4e5f6071b")))));
        prod.resourceCountIs("AWS::EC2::SecurityGroup", 0);
        assertThat(software.amazon.awscdk.assertions.Annotations.fromStack(TestApps.allEnvironments().environment("prod").runtime())
                .findInfo("*", Match.stringLikeRegexp("VPC mode: .*egress to ECR, CloudWatch Logs, Secrets Manager, DynamoDB.*")))
                .as("synthesis tells where the proxy needs egress").hasSize(1);
    }

    @Test
    void environmentCarriesWhatTheProxyNeedsAndNoSecretValues() {
        JsonNode variables = runtime(prod).get("EnvironmentVariables");
        assertThat(variables.get("AWS_REGION").asText()).isEqualTo("eu-west-1");
        assertThat(variables.get("RATE_LIMIT_TABLE").toString()).contains("RateLimitTable");
        assertThat(variables.get("AUDIT_LOG_GROUP").toString()).contains("AuditLogGroup");
        assertThat(variables.get("MCP_PROXY_CONFIG").asText()).isEqualTo("/app/environments/prod/proxy.yaml");
        assertThat(variables.get("MCP_PROXY_CONFIG_SHA256").asText()).matches("[0-9a-f]{64}");
        assertThat(variables.get("UPSTREAM_CRM_CLIENT_SECRET_ARN").asText())
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:333333333333:secret:mcp-proxy/crm-client-secret-AbCdEf");
        assertThat(variables.get("MCP_PROXY_PII_KEYSET_SECRET_ARN").toString()).contains("PiiTokenizationKey");
        assertThat(variables.get("MCP_PROXY_AUDIT_KEY_SECRET_ARN").toString()).contains("AuditDigestKey");
        assertThat(variables.get("MCP_PROXY_REQUEST_STATE_KEY_SECRET_ARN").toString()).contains("RequestStateKey");
        assertThat(variables.get("MCP_PROXY_IDENTITY_DISCOVERY_URL").toString()).contains("openid-configuration");
        assertThat(variables.get("MCP_PROXY_IDENTITY_CLIENT_ID_OPERATOR").toString()).contains("MachineClient");
        assertThat(variables.get("MCP_PROXY_IDENTITY_CLIENT_ID_SUPPORT_AGENT").toString()).contains("ClientSupportAgent");
        assertThat(variables.get("MCP_PROXY_IDENTITY_REQUIRED_SCOPE").asText()).isEqualTo("mcp-proxy/invoke");
        assertThat(variables.get("MCP_PROXY_RATE_LIMIT_REQUESTS_PER_MINUTE").asText()).isEqualTo("600");
        assertThat(variables.get("MCP_PROXY_RATE_LIMIT_BURST").asText()).isEqualTo("100");
        assertThat(variables.toString()).doesNotContainIgnoringCase("clientSecret\"").doesNotContain("SecretString");
        assertThat(variables.size()).as("the service allows 50").isLessThanOrEqualTo(50);
    }

    @Test
    void createdUpstreamSecretIsPassedByArnAndReadable() {
        JsonNode variables = runtime(staging).get("EnvironmentVariables");
        assertThat(variables.get("UPSTREAM_CRM_CLIENT_SECRET_ARN").toString()).contains("ClientSecretcrm");
        JsonNode read = statementsWithAction(staging, "secretsmanager:GetSecretValue").getFirst();
        assertThat(read.get("Resource").toString()).contains("ClientSecretcrm").contains("PiiTokenizationKey")
                .contains("AuditDigestKey").contains("RequestStateKey");
        assertThat(variables.has("UPSTREAM_TOOLS_CLIENT_SECRET_ARN")).as("the gateway upstream has no OAuth secret").isFalse();
    }

    @Test
    void executionRoleTrustsOnlyAgentCoreForThisAccountAndRuntimeName() {
        prod.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                "Action", "sts:AssumeRole",
                "Effect", "Allow",
                "Principal", Map.of("Service", "bedrock-agentcore.amazonaws.com"),
                "Condition", Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", "333333333333"),
                        "ArnLike", Map.of("aws:SourceArn", "arn:aws:bedrock-agentcore:eu-west-1:333333333333:runtime/mcp_proxy_prod*")))))));
    }

    @Test
    void theL2sExecutionRoleKeepsTheRoleAndPolicyOfDeployedEnvironments() {
        for (Template template : List.of(dev, staging, prod)) {
            assertThat(template.findResources("AWS::IAM::Role")).containsOnlyKeys("McpProxyExecutionRole8F06DCF9");
            template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "PolicyName", "McpProxyExecutionRoleDefaultPolicy37252484",
                    "Roles", List.of(Map.of("Ref", "McpProxyExecutionRole8F06DCF9")),
                    "PolicyDocument", Match.anyValue()));
            assertThat(runtime(template).get("RoleArn").toString())
                    .isEqualTo("{\"Fn::GetAtt\":[\"McpProxyExecutionRole8F06DCF9\",\"Arn\"]}");
        }
        prod.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "Description", "Execution role of the mcp_proxy_prod MCP proxy runtime")));
    }

    @Test
    void upstreamsGetExactlyTheInvokePermissionTheyNeed() {
        assertThat(statementsWithAction(prod, "bedrock-agentcore:InvokeGateway")).singleElement()
                .satisfies(s -> assertThat(s.get("Resource").asText())
                        .isEqualTo("arn:aws:bedrock-agentcore:eu-west-1:333333333333:gateway/klmnopqrst"));
        assertThat(statementsWithAction(prod, "bedrock-agentcore:InvokeAgentRuntime")).singleElement()
                .satisfies(s -> assertThat(s.get("Resource").toString()).isEqualTo(
                        "[\"arn:aws:bedrock-agentcore:eu-west-1:333333333333:runtime/research_agent-AbCdEf1234\","
                                + "\"arn:aws:bedrock-agentcore:eu-west-1:333333333333:runtime/research_agent-AbCdEf1234/runtime-endpoint/DEFAULT\"]"));
        assertThat(statementsWithAction(dev, "bedrock-agentcore:InvokeGateway")).as("dev has only a plain HTTPS upstream").isEmpty();
        assertThat(statementsWithAction(dev, "bedrock-agentcore:InvokeAgentRuntime")).isEmpty();
    }

    @Test
    void everyStatementIsScopedToThisDeploymentOrIsADocumentedWildcard() {
        for (Template template : List.of(dev, staging, prod)) {
            for (JsonNode statement : statements(template)) {
                String actions = statement.get("Action").toString();
                assertThat(actions).as("no service-wide action").doesNotContain(":*\"");
                if (statement.get("Resource").isTextual() && statement.get("Resource").asText().equals("*")) {
                    assertThat(actions).as("only actions AWS requires on '*'")
                            .matches(".*(ecr:GetAuthorizationToken|xray:|cloudwatch:PutMetricData).*");
                    if (actions.contains("cloudwatch:PutMetricData")) {
                        assertThat(statement.at("/Condition/StringEquals/cloudwatch:namespace").asText()).isEqualTo("bedrock-agentcore");
                    }
                }
            }
        }
    }

    @Test
    void roleReadsItsSecretsThroughSecretsManagerOnlyAndPullsFromItsRepositoryOnly() {
        JsonNode decrypt = statementsWithAction(prod, "kms:Decrypt").stream()
                .filter(s -> s.has("Condition")).findFirst().orElseThrow();
        assertThat(decrypt.at("/Condition/StringEquals/kms:ViaService").toString()).contains("secretsmanager.eu-west-1.");
        JsonNode pull = statementsWithAction(prod, "ecr:BatchGetImage").getFirst();
        assertThat(pull.get("Resource").toString()).contains("ImageRepository").doesNotContain("*");
    }

    @Test
    void rateLimitTableAccessIsItemLevelOnly() {
        JsonNode table = statementsWithAction(prod, "dynamodb:UpdateItem").getFirst();
        assertThat(table.get("Action").toString()).doesNotContain("Scan").doesNotContain("Query").doesNotContain("GetRecords");
        assertThat(table.get("Resource").toString()).contains("RateLimitTable");
    }

    @Test
    void applicationLogsAreDeliveredToTheFoundationLogGroupAndTracingIsOn() {
        prod.hasResourceProperties("AWS::Logs::DeliverySource", Map.of("LogType", "APPLICATION_LOGS"));
        JsonNode destination = JSON.valueToTree(prod.findResources("AWS::Logs::DeliveryDestination", Map.of(
                "Properties", Map.of("DeliveryDestinationType", "CWL"))));
        assertThat(destination.findValue("OutputName").asText()).contains("ApplicationLogGroup");
        prod.hasResourceProperties("AWS::Logs::DeliverySource", Map.of("LogType", "TRACES"));
    }

    @Test
    void theLogGroupsAgentCoreWritesToAreManagedWithRetentionAndTheDeploymentKey() {
        String runtime = logicalIdOfRuntime(staging);
        for (String endpoint : List.of("DEFAULT", "canary", "live")) {
            staging.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                    "LogGroupName", Map.of("Fn::Join", List.of("", List.of("/aws/bedrock-agentcore/runtimes/",
                            Map.of("Fn::GetAtt", List.of(runtime, "AgentRuntimeId")), "-" + endpoint))),
                    "RetentionInDays", 30,
                    "KmsKeyId", Match.anyValue()));
        }
        staging.hasResource("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain"));
        dev.resourceCountIs("AWS::Logs::LogGroup", 1);
        prod.hasResourceProperties("AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 90)));
        prod.hasResourceProperties("AWS::Logs::DeliverySource", Map.of("LogType", "USAGE_LOGS"));
    }

    @Test
    void namedEndpointsArePinnedToTheVersionOfTheEnvironmentFile() {
        for (String name : List.of("canary", "live")) {
            staging.hasResourceProperties("AWS::BedrockAgentCore::RuntimeEndpoint", Map.of("Name", name, "AgentRuntimeVersion", "1"));
        }
        assertThat(JSON.valueToTree(staging.findResources("AWS::BedrockAgentCore::RuntimeEndpoint")).toString())
                .as("no endpoint follows the runtime's current version").doesNotContain("AgentRuntimeVersion\"]");
        staging.hasOutput("EndpointVersionCanary", Map.of("Value", "1"));
        staging.hasOutput("EndpointVersionLive", Map.of("Value", "1"));
        staging.hasOutput("RuntimeVersion", Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalIdOfRuntime(staging), "AgentRuntimeVersion"))));
        assertThat(JSON.valueToTree(staging.findOutputs("EndpointUrlLive")).toString()).contains("/invocations?qualifier=live");
        dev.resourceCountIs("AWS::BedrockAgentCore::RuntimeEndpoint", 0);
    }

    @Test
    void theEndpointVersionsContextMovesPinnedEndpoints() {
        TestApps.Built promoted = TestApps.build(Map.of(CdkContext.IMAGE_DIGEST, TestApps.IMAGE_DIGEST,
                CdkContext.ENV, "staging", CdkContext.ENDPOINT_VERSIONS, "canary=5,live=4"));
        Template template = Template.fromStack(promoted.environment("staging").runtime());
        template.hasResourceProperties("AWS::BedrockAgentCore::RuntimeEndpoint", Map.of("Name", "canary", "AgentRuntimeVersion", "5"));
        template.hasResourceProperties("AWS::BedrockAgentCore::RuntimeEndpoint", Map.of("Name", "live", "AgentRuntimeVersion", "4"));
        template.hasOutput("EndpointVersionCanary", Map.of("Value", "5"));
        template.hasOutput("EndpointVersionLive", Map.of("Value", "4"));
    }

    @Test
    void endpointVersionsThatNameNoEndpointOrNoVersionAreRejected() {
        assertThatThrownBy(() -> TestApps.build(Map.of(CdkContext.ENV, "staging", CdkContext.ENDPOINT_VERSIONS, "blue=2")))
                .hasMessage("endpointVersions: environment 'staging' has no endpoint 'blue' (runtime.endpoints: [canary, live])");
        assertThatThrownBy(() -> TestApps.build(Map.of(CdkContext.ENV, "staging", CdkContext.ENDPOINT_VERSIONS, "canary=0")))
                .hasMessage("endpointVersions: 'canary=0' is not <endpoint>=<version> with a positive version, e.g. canary=5,live=4");
        assertThatThrownBy(() -> TestApps.build(Map.of(CdkContext.ENDPOINT_VERSIONS, "canary=2")))
                .hasMessage("endpointVersions moves the endpoints of one environment: add -c env=<name>");
    }

    @Test
    void outputsAreTheCliContract() {
        prod.hasOutput("RuntimeArn", Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalIdOfRuntime(prod), "AgentRuntimeArn"))));
        prod.hasOutput("RuntimeId", Map.of("Value", Map.of("Fn::GetAtt", List.of(logicalIdOfRuntime(prod), "AgentRuntimeId"))));
        prod.hasOutput("ImageUri", Match.anyValue());
        String url = JSON.valueToTree(prod.findOutputs("RuntimeEndpointUrl")).toString();
        assertThat(url).contains("https://bedrock-agentcore.eu-west-1.")
                .contains("/runtimes/arn%3Aaws%3Abedrock-agentcore%3Aeu-west-1%3A333333333333%3Aruntime%2F")
                .contains("/invocations?qualifier=DEFAULT");
    }

    private static JsonNode runtime(Template template) {
        return JSON.valueToTree(template.findResources("AWS::BedrockAgentCore::Runtime")).elements().next().get("Properties");
    }

    private static String logicalIdOfRuntime(Template template) {
        return template.findResources("AWS::BedrockAgentCore::Runtime").keySet().iterator().next();
    }

    private static List<JsonNode> statements(Template template) {
        List<JsonNode> statements = new ArrayList<>();
        JSON.valueToTree(template.findResources("AWS::IAM::Policy"))
                .forEach(policy -> policy.at("/Properties/PolicyDocument/Statement").forEach(statements::add));
        return statements;
    }

    private static List<JsonNode> statementsWithAction(Template template, String action) {
        return statements(template).stream().filter(s -> {
            JsonNode actions = s.get("Action");
            return actions.isTextual() ? actions.asText().equals(action) : actions.toString().contains("\"" + action + "\"");
        }).toList();
    }
}
