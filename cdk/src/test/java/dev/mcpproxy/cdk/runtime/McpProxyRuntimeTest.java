package dev.mcpproxy.cdk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.Role;

/** The construct on its own, in one stack, the way another CDK app would use it. */
class McpProxyRuntimeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsArePublicNetworkTracingAndOnlyTheDocumentedRuntimePermissions() {
        Stack stack = stack();
        McpProxyRuntime proxy = new McpProxyRuntime(stack, "Proxy", minimalProps(stack).build());
        Role caller = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        proxy.grantInvoke(caller);
        proxy.grantInvokeGateway("tools", "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/gw1");

        Template template = Template.fromStack(stack);
        String runtime = JSON.valueToTree(template.findResources("AWS::BedrockAgentCore::Runtime")).toString();
        assertThat(runtime).contains("\"NetworkMode\":\"PUBLIC\"").contains("\"ProtocolConfiguration\":\"MCP\"")
                .contains("\"IdleRuntimeSessionTimeout\":900").contains("\"MaxLifetime\":28800")
                .contains("\"AWS_REGION\":\"us-east-1\"").doesNotContain("RATE_LIMIT_TABLE").doesNotContain("AUDIT_LOG_GROUP");
        template.resourceCountIs("AWS::Logs::DeliverySource", 1);
        String policies = JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString();
        assertThat(policies).contains("bedrock-agentcore:InvokeGateway").contains("gateway/gw1")
                .contains("bedrock-agentcore:InvokeAgentRuntime")
                .doesNotContain("dynamodb:").doesNotContain("secretsmanager:");
    }

    @Test
    void environmentVariablesStayWithinTheServiceLimitAndCannotShadowTheConstructs() {
        Stack stack = stack();
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            tooMany.put("VARIABLE_" + i, "x");
        }
        // The 50 given and the construct's AWS_REGION: the L2 Runtime's own check refuses the 51st.
        assertThatThrownBy(() -> new McpProxyRuntime(stack, "TooMany", minimalProps(stack).environmentVariables(tooMany).build()))
                .hasMessageContaining("Too many environment variables: 51. Maximum allowed is 50");
        assertThatThrownBy(() -> new McpProxyRuntime(stack, "Shadow",
                minimalProps(stack).environmentVariables(Map.of("AWS_REGION", "eu-west-1")).build()))
                .hasMessage("environment variable AWS_REGION is set by McpProxyRuntime itself");
    }

    @Test
    void theConstructIsTheGrantPrincipalOfTheL2sExecutionRoleAndGrantsReturnGrants() {
        Stack stack = stack();
        McpProxyRuntime proxy = new McpProxyRuntime(stack, "Proxy", minimalProps(stack).build());
        assertThat(proxy.getGrantPrincipal()).isSameAs(proxy.runtime().getGrantPrincipal());
        assertThat(proxy.getRole().getRoleArn()).isEqualTo(proxy.runtime().getRole().getRoleArn());
        Table table = Table.Builder.create(stack, "Other")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build()).build();
        Grant read = table.grantReadData(proxy);
        Role caller = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
        Grant invoke = proxy.grantInvoke(caller);
        Grant gateway = proxy.grantInvokeGateway("tools", "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/gw1");

        assertThat(List.of(read, invoke, gateway)).allSatisfy(grant -> assertThat(grant.getSuccess()).isTrue());
        assertThat(gateway.getPrincipalStatements()).singleElement()
                .satisfies(statement -> assertThat(statement.getSid()).isEqualTo("InvokeUpstreamtools"));
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::IAM::Role", 2);
        String executionRole = JSON.valueToTree(template.findResources("AWS::IAM::Role", Map.of("Properties", Map.of(
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "bedrock-agentcore.amazonaws.com")))))))))).fieldNames().next();
        String runtimeRoleArn = JSON.valueToTree(template.findResources("AWS::BedrockAgentCore::Runtime")).elements().next()
                .at("/Properties/RoleArn/Fn::GetAtt/0").asText();
        assertThat(runtimeRoleArn).as("the runtime runs with the L2's role").isEqualTo(executionRole);
        String executionPolicy = JSON.valueToTree(template.findResources("AWS::IAM::Policy", Map.of("Properties",
                Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", executionRole))))))).toString();
        assertThat(executionPolicy).as("what others grant the proxy and its upstream access land on its role")
                .contains("dynamodb:GetItem").contains("\"Sid\":\"InvokeUpstreamtools\"").contains("LogGroupAccess")
                .doesNotContain("bedrock-agentcore:InvokeAgentRuntime");
        String callerPolicy = JSON.valueToTree(template.findResources("AWS::IAM::Policy", Map.of("Properties",
                Match.objectLike(Map.of("Roles", List.of(Map.of("Ref", logicalId(stack, caller)))))))).toString();
        assertThat(callerPolicy).contains("bedrock-agentcore:InvokeAgentRuntime").doesNotContain("InvokeGateway");
    }

    @Test
    void pinnedEndpointsAndManagedRuntimeLogGroupsAreOptIn() {
        Stack stack = stack();
        new McpProxyRuntime(stack, "Proxy", minimalProps(stack).build());
        Template without = Template.fromStack(stack);
        without.resourceCountIs("AWS::Logs::LogGroup", 0);
        without.resourceCountIs("AWS::BedrockAgentCore::RuntimeEndpoint", 0);

        Stack other = stack();
        Key key = Key.Builder.create(other, "Key").build();
        new McpProxyRuntime(other, "Proxy", minimalProps(other)
                .endpoints(List.of(new McpProxyRuntimeProps.Endpoint("live", "pinned", 7)))
                .runtimeLogs(new McpProxyRuntimeProps.RuntimeLogs(RetentionDays.ONE_MONTH, key, RemovalPolicy.RETAIN))
                .build());
        Template with = Template.fromStack(other);
        with.hasResourceProperties("AWS::BedrockAgentCore::RuntimeEndpoint", Map.of("Name", "live", "AgentRuntimeVersion", "7"));
        with.resourceCountIs("AWS::Logs::LogGroup", 2);
        assertThat(JSON.valueToTree(with.findResources("AWS::Logs::LogGroup")).toString())
                .contains("/aws/bedrock-agentcore/runtimes/").contains("-DEFAULT").contains("-live").contains("\"RetentionInDays\":30");
    }

    @Test
    void twoUpstreamsWhoseStatementIdsCollideAreRejectedNamingBoth() {
        Stack stack = stack();
        McpProxyRuntime proxy = new McpProxyRuntime(stack, "Proxy", minimalProps(stack).build());
        proxy.grantInvokeGateway("crm-a", "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/gw1");
        assertThatThrownBy(() -> proxy.grantInvokeGateway("crma", "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/gw2"))
                .hasMessage("upstreams 'crm-a' and 'crma' would both get the IAM statement id InvokeUpstreamcrma; rename one of them");
    }

    private static String logicalId(Stack stack, Role role) {
        return stack.getLogicalId((software.amazon.awscdk.CfnElement) role.getNode().getDefaultChild());
    }

    private static Stack stack() {
        Stack stack = new Stack(new App(), "Test", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("us-east-1").build()).build());
        UserPool.Builder.create(stack, "Pool").build();
        Repository.Builder.create(stack, "Repository").build();
        return stack;
    }

    /** Required properties only, against the pool and repository of {@link #stack()}; a new client per call. */
    private static McpProxyRuntimeProps.Builder minimalProps(Stack stack) {
        UserPool pool = (UserPool) stack.getNode().findChild("Pool");
        UserPoolClient client = pool.addClient("Client" + pool.getNode().getChildren().size());
        return McpProxyRuntimeProps.builder()
                .runtimeName("proxy_test")
                .repository((Repository) stack.getNode().findChild("Repository"))
                .image(ImageReference.ofTag("v1"))
                .userPool(pool)
                .allowedClients(List.of(client));
    }
}
