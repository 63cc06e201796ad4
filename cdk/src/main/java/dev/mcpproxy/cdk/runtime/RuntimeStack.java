package dev.mcpproxy.cdk.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import dev.mcpproxy.cdk.environment.LoadedEnvironment;
import dev.mcpproxy.cdk.environment.NetworkMode;
import dev.mcpproxy.cdk.environment.NetworkSettings;
import dev.mcpproxy.cdk.environment.RuntimeSettings;
import dev.mcpproxy.cdk.environment.UpstreamDefinition;
import dev.mcpproxy.cdk.foundation.FoundationStack;
import dev.mcpproxy.cdk.foundation.Retention;
import dev.mcpproxy.contracts.CognitoClients;
import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.contracts.ProxyContainer;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.bedrockagentcore.RuntimeNetworkConfiguration;
import software.amazon.awscdk.services.bedrockagentcore.VpcConfigProps;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SecurityGroupImportOptions;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * {@code McpProxy-<env>-Runtime}: the AgentCore runtime running the pinned proxy image, wired to the foundation's
 * repository, identity, logs, secrets and table through CDK-managed cross-stack references.
 */
public final class RuntimeStack extends Stack {
    private final McpProxyRuntime proxy;

    public RuntimeStack(Construct scope, LoadedEnvironment loaded, FoundationStack foundation, ImageReference image) {
        super(scope, StackNames.runtime(loaded.definition().name()), StackProps.builder()
                .env(Environment.builder().account(loaded.definition().account()).region(loaded.definition().region()).build())
                .description("MCP proxy on AgentCore, " + loaded.definition().name() + ": the runtime")
                .terminationProtection(loaded.definition().production())
                .build());
        addStackDependency(foundation);
        DeploymentEnvironment environment = loaded.definition();
        RuntimeSettings settings = environment.runtime();
        proxy = new McpProxyRuntime(this, "McpProxy", McpProxyRuntimeProps.builder()
                .runtimeName(environment.runtimeName())
                .description("MCP governance proxy (" + environment.name() + ")")
                .repository(foundation.repository())
                .image(image)
                .userPool(foundation.oauth().userPool())
                .allowedClients(foundation.oauth().clients().stream().map(c -> (IUserPoolClient) c.client()).toList())
                .allowedScopes(List.of(environment.cognito().qualifiedScope(CognitoClients.INVOKE_SCOPE)))
                .rateLimitTable(foundation.rateLimitTable())
                .auditLogGroup(foundation.logs().auditLogGroup())
                .applicationLogGroup(foundation.logs().applicationLogGroup())
                .usageLogGroup(foundation.logs().usageLogGroup())
                .runtimeLogs(new McpProxyRuntimeProps.RuntimeLogs(
                        Retention.ofDays(environment.logs().applicationRetentionDays()), foundation.key(),
                        environment.removalPolicy().policy()))
                .secrets(foundation.secrets().byVariable())
                .upstreams(upstreamAccess(environment))
                .environmentVariables(proxyVariables(loaded, foundation))
                .extraRequestHeaders(settings.extraRequestHeaders())
                .network(network(environment.network()))
                .idleSessionTimeout(Duration.seconds(settings.idleSessionTimeoutSeconds()))
                .maxLifetime(Duration.seconds(settings.maxLifetimeSeconds()))
                .tracing(settings.tracing())
                .endpoints(endpoints(settings))
                .build());
        keepExecutionRoleLogicalIds();

        CfnOutput.Builder.create(this, StackOutputs.RUNTIME_ARN).value(proxy.runtimeArn()).description("AgentCore runtime ARN").build();
        CfnOutput.Builder.create(this, StackOutputs.RUNTIME_ID).value(proxy.runtimeId()).description("AgentCore runtime id").build();
        CfnOutput.Builder.create(this, StackOutputs.RUNTIME_ENDPOINT_URL).value(proxy.invocationUrl())
                .description("MCP URL for clients (Authorization: Bearer <Cognito access token>)").build();
        CfnOutput.Builder.create(this, StackOutputs.IMAGE_URI).value(proxy.imageUri()).description("The pinned proxy image").build();
        CfnOutput.Builder.create(this, StackOutputs.RUNTIME_VERSION).value(proxy.runtime().getAgentRuntimeVersion())
                .description("The runtime's newest version: what DEFAULT serves").build();
        for (RuntimeSettings.Endpoint endpoint : settings.endpoints()) {
            CfnOutput.Builder.create(this, StackOutputs.endpointVersion(endpoint.name())).value(String.valueOf(endpoint.version()))
                    .description("The runtime version endpoint '" + endpoint.name() + "' is pinned to").build();
            CfnOutput.Builder.create(this, StackOutputs.endpointUrl(endpoint.name())).value(proxy.invocationUrl(endpoint.name()))
                    .description("MCP URL of endpoint '" + endpoint.name() + "'").build();
        }
    }

    /**
     * The execution role was once created beside the L2 runtime ({@code McpProxy/ExecutionRole}); the L2 now creates
     * it ({@code McpProxy/Runtime/ExecutionRole}). Runtime versions are immutable and name their role: a replaced role
     * would be deleted under the versions that pinned endpoints still serve, so the role and its policy keep the
     * logical ids (and with them role and policy names) of deployed environments.
     */
    private void keepExecutionRoleLogicalIds() {
        Role role = (Role) proxy.getRole();
        ((CfnResource) role.getNode().getDefaultChild()).overrideLogicalId("McpProxyExecutionRole8F06DCF9");
        ((CfnResource) role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild())
                .overrideLogicalId("McpProxyExecutionRoleDefaultPolicy37252484");
    }

    public McpProxyRuntime proxy() {
        return proxy;
    }

    private static List<UpstreamAccess> upstreamAccess(DeploymentEnvironment environment) {
        List<UpstreamAccess> access = new ArrayList<>();
        for (UpstreamDefinition upstream : environment.upstreams()) {
            if (upstream.gatewayArn() != null) {
                access.add(UpstreamAccess.gateway(upstream.name(), upstream.gatewayArn()));
            } else if (upstream.runtimeArn() != null) {
                access.add(UpstreamAccess.agentRuntime(upstream.name(), upstream.runtimeArn()));
            }
        }
        return access;
    }

    /** What the proxy reads at start beside the table, audit log group and secret ARNs the construct sets. */
    private static Map<String, String> proxyVariables(LoadedEnvironment loaded, FoundationStack foundation) {
        DeploymentEnvironment environment = loaded.definition();
        ObjectNode upstreams = new ObjectMapper().createObjectNode();
        environment.upstreams().forEach(u -> upstreams.put(u.name(), u.url()));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(EnvironmentVariables.ENV, environment.name());
        variables.put(EnvironmentVariables.CONFIG, ProxyContainer.configPath(environment.name()));
        variables.put(EnvironmentVariables.CONFIG_SHA256, loaded.proxyConfig().sha256());
        variables.put(EnvironmentVariables.UPSTREAMS, upstreams.toString());
        variables.put(EnvironmentVariables.IDENTITY_DISCOVERY_URL, "https://cognito-idp." + foundation.getRegion() + "." + foundation.getUrlSuffix()
                + "/" + foundation.oauth().userPool().getUserPoolId() + "/.well-known/openid-configuration");
        // Cognito access tokens carry client_id, not aud: the proxy accepts the tokens of the declared clients (one
        // variable each, so identity.clientIds and identity.roles can name them) with the scope the runtime requires.
        foundation.oauth().clients().forEach(client -> variables.put(
                EnvironmentVariables.identityClientId(client.name()), client.client().getUserPoolClientId()));
        variables.put(EnvironmentVariables.IDENTITY_REQUIRED_SCOPE, environment.cognito().qualifiedScope(CognitoClients.INVOKE_SCOPE));
        variables.put(EnvironmentVariables.RATE_LIMIT_REQUESTS_PER_MINUTE, String.valueOf(environment.rateLimits().requestsPerMinute()));
        variables.put(EnvironmentVariables.RATE_LIMIT_BURST, String.valueOf(environment.rateLimits().burst()));
        variables.put(EnvironmentVariables.TRACING, String.valueOf(environment.runtime().tracing()));
        return variables;
    }

    private RuntimeNetworkConfiguration network(NetworkSettings network) {
        if (network.mode() == NetworkMode.PUBLIC) {
            return RuntimeNetworkConfiguration.usingPublicNetwork();
        }
        // Changing these later is an update (a new runtime version), but ENIs in the old subnets linger for up to
        // eight hours and keep their security groups and subnets in use: plan the network before the first deploy.
        Annotations.of(this).addInfo("VPC mode: the runtime's network interfaces live in subnets " + network.subnetIds()
                + "; the proxy needs egress to ECR, CloudWatch Logs, Secrets Manager, DynamoDB, bedrock-agentcore, "
                + "Cognito's JWKS and every upstream (docs/cdk.md, \"VPC mode\").");
        // Imported by id, without lookups: synthesis needs no credentials. The subnets are selected explicitly, so
        // the VPC's availability zones are never consulted; fromVpcAttributes merely insists on at least one.
        List<ISubnet> subnets = network.subnetIds().stream().map(id -> {
            ISubnet subnet = Subnet.fromSubnetId(this, "Subnet-" + id, id);
            Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                    "The runtime only attaches network interfaces to the subnet; no route table is read or changed.");
            return subnet;
        }).toList();
        List<ISecurityGroup> groups = network.securityGroupIds().stream()
                .map(id -> SecurityGroup.fromSecurityGroupId(this, "SecurityGroup-" + id, id,
                        SecurityGroupImportOptions.builder().mutable(false).build()))
                .toList();
        return RuntimeNetworkConfiguration.usingVpc(this, VpcConfigProps.builder()
                .vpc(Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                        .vpcId(network.vpcId())
                        .availabilityZones(List.of(Fn.select(0, Fn.getAzs())))
                        .build()))
                .vpcSubnets(SubnetSelection.builder().subnets(subnets).build())
                .securityGroups(groups)
                .build());
    }

    private static List<McpProxyRuntimeProps.Endpoint> endpoints(RuntimeSettings settings) {
        return settings.endpoints().stream()
                .map(e -> new McpProxyRuntimeProps.Endpoint(e.name(), e.description(), e.version()))
                .toList();
    }
}
