package dev.mcpproxy.cdk.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpproxy.cdk.TestApps;
import dev.mcpproxy.contracts.EnvironmentFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentLoaderTest {
    @TempDir
    Path root;

    @Test
    void committedEnvironmentsAreValid() {
        EnvironmentLoader loader = new EnvironmentLoader(TestApps.ENVIRONMENTS);
        assertThat(loader.names()).containsExactly("dev", "prod", "staging");
        LoadedEnvironment prod = loader.load("prod");
        assertThat(prod.definition().production()).isTrue();
        assertThat(prod.definition().runtimeName()).isEqualTo("mcp_proxy_prod");
        assertThat(prod.proxyConfig().upstreamUrls()).containsOnlyKeys("tools", "research", "crm");
    }

    @Test
    void absentValuesGetDefaults() throws IOException {
        write("minimal", """
                account: "123456789012"
                region: us-east-1
                prefix: mcp-minimal
                cognito:
                  domainPrefix: mcp-minimal-example
                alarms:
                  email: ops@example.com
                """, "upstreams: []\nidentity:\n  clientIds: [\"${MCP_PROXY_IDENTITY_CLIENT_ID_OPERATOR}\"]\n");
        DeploymentEnvironment environment = new EnvironmentLoader(root).load("minimal").definition();
        assertThat(environment.removalPolicy()).isEqualTo(RemovalMode.RETAIN);
        assertThat(environment.network().mode()).isEqualTo(NetworkMode.PUBLIC);
        assertThat(environment.cognito().scopes()).containsExactly("invoke", "admin");
        assertThat(environment.logs().auditRetentionDays()).isEqualTo(365);
        assertThat(environment.runtime().idleSessionTimeoutSeconds()).isEqualTo(900);
    }

    @Test
    void unknownKeyIsNamedWithItsPath() throws IOException {
        write("bad", valid().replace("  mfa: OPTIONAL", "  mfaa: OPTIONAL"), proxyConfig());
        assertProblems("bad").singleElement().asString()
                .startsWith("environment 'bad': cognito.mfaa: unknown key");
    }

    @Test
    void everyUnknownKeyIsNamedAndANameKeyIsRejected() throws IOException {
        write("bad", "name: prod\n" + valid().replace("  mfa: OPTIONAL", "  mfaa: OPTIONAL")
                .replace("  tracing: true", "  tracing: true\n  tracin: false")
                .replace("    - name: research-agent\n", "    - name: research-agent\n      scope: [invoke]\n"), proxyConfig());
        assertProblems("bad").hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("environment 'bad': cognito.mfaa: unknown key (known keys: [accessTokenValidityMinutes,"))
                .anySatisfy(p -> assertThat(p).startsWith("environment 'bad': runtime.tracin: unknown key (known keys: ["))
                .anySatisfy(p -> assertThat(p).startsWith("environment 'bad': cognito.clients[1].scope: unknown key (known keys: [description, name, scopes])"))
                .contains("environment 'bad': name: is not a key of environment.yaml: an environment is named by its folder");
    }

    @Test
    void aRegionAwsCdkLibDoesNotKnowAndAnOverlongEndpointDescriptionAreNamed() throws IOException {
        write("bad", valid().replace("region: eu-west-1", "region: xx-mars-1")
                .replace("  tracing: true", "  tracing: true\n  endpoints:\n    - name: canary\n      description: " + "d".repeat(300)), proxyConfig());
        assertProblems("bad").hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("environment 'bad': region: 'xx-mars-1' is not a region aws-cdk-lib knows (known: ")
                        .contains("eu-west-1"))
                .contains("environment 'bad': runtime.endpoints[0].description: at most 256 characters (was 300)",
                        "environment 'bad': runtime.endpoints[0].version: must be the runtime version (a positive integer) the endpoint is pinned to; 1 for a new environment");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() throws IOException {
        write("bad", valid().replace("applicationRetentionDays: 14", "applicationRetentionDays: two weeks"), proxyConfig());
        assertProblems("bad").singleElement().asString().startsWith("environment 'bad': logs.applicationRetentionDays: ");
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() throws IOException {
        write("bad", valid()
                .replace("runtime:\n", "runtime:\n  name: mcp-proxy-bad\n")
                .replace("applicationRetentionDays: 14", "applicationRetentionDays: 10")
                .replace("account: \"111111111111\"", "account: \"1234\"")
                .replace("domainPrefix: mcp-proxy-dev-example", "domainPrefix: my-cognito-domain"), proxyConfig());
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': account: must be a 12-digit AWS account id (quote it in YAML)",
                "environment 'bad': logs.applicationRetentionDays: must be one of the CloudWatch Logs retention values "
                        + LogSettings.ALLOWED_RETENTION_DAYS,
                "environment 'bad': cognito.domainPrefix: must not contain the reserved words aws, amazon or cognito",
                "environment 'bad': runtime.name: must match [a-zA-Z][a-zA-Z0-9_]{0,47} (letters, digits, underscores; no hyphens)");
    }

    @Test
    void productionRulesAreEnforced() throws IOException {
        write("bad", valid().replace("production: false", "production: true"), proxyConfig());
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': removalPolicy: must be RETAIN in production: deleting a stack must not delete audit logs or state",
                "environment 'bad': logs.auditRetentionDays: must be at least 365 days in production",
                "environment 'bad': cognito.mfa: must be REQUIRED in production",
                "environment 'bad': cognito.threatProtection: must be ENFORCED in production");
    }

    @Test
    void gatewayUpstreamNeedsItsArnAndVpcModeNeedsItsNetwork() throws IOException {
        String gateway = "https://abcdefghij.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp";
        write("bad", valid().replace("https://docs-mcp.example.com/mcp", gateway)
                        .replace("  mode: PUBLIC", "  mode: VPC\n  subnets:\n    - id: subnet-1\n      availabilityZoneId: use1-az1"),
                proxyConfig().replace("https://docs-mcp.example.com/mcp", gateway));
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': network.vpcId: must be a VPC id like vpc-0123456789abcdef0 when mode is VPC",
                "environment 'bad': network.subnets[0].id: must be a subnet id like subnet-0123456789abcdef0",
                "environment 'bad': network.subnets[0].availabilityZoneId: 'use1-az1' is not a zone of eu-west-1 (its zone IDs start with euw1-)",
                "environment 'bad': network.subnets: must lie in at least two Availability Zones (AgentCore requires two supported zones)",
                "environment 'bad': network.securityGroupIds: must list at least one security group when mode is VPC (none is created implicitly)",
                "environment 'bad': upstreams[0].gatewayArn: is required for an AgentCore gateway URL (it scopes bedrock-agentcore:InvokeGateway)");
    }

    @Test
    void upstreamNamesThatShareAStatementIdOrASecretVariableAreRejected() throws IOException {
        String upstreams = """
                upstreams:
                  - name: tools-a
                    url: https://abcdefghij.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp
                    gatewayArn: arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/abcdefghij
                  - name: toolsa
                    url: https://klmnopqrst.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp
                    gatewayArn: arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/klmnopqrst
                  - name: crm-x
                    url: https://crm-x.example.com/mcp
                    createClientSecret: true
                  - name: crm_x
                    url: https://crm-y.example.com/mcp
                    createClientSecret: true
                """;
        write("bad", valid().replaceAll("(?s)upstreams:\n  - name: docs\n    url: [^\n]+\n", upstreams), proxyConfigWithUpstreams("""
                upstreams:
                  - {name: tools-a, url: "https://abcdefghij.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp"}
                  - {name: toolsa, url: "https://klmnopqrst.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp"}
                  - {name: crm-x, url: "https://crm-x.example.com/mcp"}
                  - {name: crm_x, url: "https://crm-y.example.com/mcp"}
                """));
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': upstreams: names 'tools-a' and 'toolsa' both map to the IAM statement id InvokeUpstreamtoolsa; rename one of them",
                "environment 'bad': upstreams: names 'crm-x' and 'crm_x' both map to the IAM statement id InvokeUpstreamcrmx; rename one of them",
                "environment 'bad': upstreams: names 'crm-x' and 'crm_x' both map to the secret environment variable UPSTREAM_CRM_X_CLIENT_SECRET_ARN; rename one of them");
    }

    @Test
    void zoneIdPrefixesFollowTheRegion() {
        assertThat(NetworkSettings.zonePrefix("eu-west-1")).isEqualTo("euw1");
        assertThat(NetworkSettings.zonePrefix("ap-southeast-2")).isEqualTo("apse2");
        assertThat(NetworkSettings.zonePrefix("us-gov-west-1")).isEqualTo("usgw1");
        assertThat(NetworkSettings.zonePrefix("ca-central-1")).isEqualTo("cac1");
    }

    @Test
    void proxyConfigurationMustNameTheSameUpstreams() throws IOException {
        write("bad", valid(), proxyConfigWithUpstreams("""
                upstreams:
                  - name: docs
                    url: https://elsewhere.example.com/mcp
                  - name: extra
                    url: https://extra.example.com/mcp
                """));
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': proxy.yaml: upstreams.docs: url https://elsewhere.example.com/mcp differs from environment.yaml (https://docs-mcp.example.com/mcp)",
                "environment 'bad': proxy.yaml: upstreams.extra: is not defined in environment.yaml upstreams (its IAM access would be missing)");
    }

    @Test
    void aCopiedProxyConfigurationThatStillRunsDevsFilesIsRejected() throws IOException {
        writeAsIs("qa", valid(), proxyConfig());
        assertProblems("qa").containsExactly(
                "environment 'qa': proxy.yaml: policy.policies[0]: refers to /app/environments/dev/policies, outside this environment's own folder /app/environments/qa/");
    }

    @Test
    void everyEnvironmentHasAnOperatorClientAndClientsRequestOnlyDeclaredScopes() throws IOException {
        write("minimal", """
                account: "123456789012"
                region: us-east-1
                prefix: mcp-minimal
                cognito:
                  domainPrefix: mcp-minimal-example
                  clients:
                    - name: support-agent
                      scopes: [invoke]
                alarms:
                  email: ops@example.com
                """, "upstreams: []\nidentity:\n  clientIds: [\"${MCP_PROXY_IDENTITY_CLIENT_ID_OPERATOR}\", "
                + "\"${MCP_PROXY_IDENTITY_CLIENT_ID_SUPPORT_AGENT}\"]\n");
        CognitoSettings cognito = new EnvironmentLoader(root).load("minimal").definition().cognito();
        assertThat(cognito.clients()).extracting(CognitoSettings.AppClient::name).containsExactly("operator", "support-agent");
        assertThat(cognito.operator().scopes()).containsExactly("invoke", "admin");
        assertThat(cognito.clients().get(1).pascalName()).isEqualTo("SupportAgent");

        write("bad", valid().replace("      scopes: [invoke]\n", "      scopes: [read, admin]\n"), proxyConfig());
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': cognito.clients[1].scopes: must contain 'invoke', the scope the runtime requires",
                "environment 'bad': cognito.clients[1].scopes[0]: 'read' is not one of cognito.scopes [invoke, admin]");

        write("bad", valid().replace("- name: research-agent", "- name: Research_Agent"), proxyConfig());
        assertProblems("bad").containsExactly(
                "environment 'bad': cognito.clients[1].name: must be lowercase letters and digits in hyphen-separated words, at most 64 characters (e.g. support-agent)");
    }

    @Test
    void theProxyAcceptsExactlyTheDeclaredClientsAndItsRolesReferToWhatTokensCarry() throws IOException {
        write("bad", valid(), proxyConfig()
                .replace(", \"${MCP_PROXY_IDENTITY_CLIENT_ID_RESEARCH_AGENT}\"", "")
                .replace("      scopes: [mcp-proxy/admin]\n", "      scopes: [mcp-proxy/superuser]\n")
                .replace("      groups: [tool-users]\n", "      groups: [tool-users, nobody]\n"));
        assertProblems("bad").containsExactlyInAnyOrder(
                "environment 'bad': proxy.yaml: identity.clientIds: must list exactly the declared app clients "
                        + "[${MCP_PROXY_IDENTITY_CLIENT_ID_OPERATOR}, ${MCP_PROXY_IDENTITY_CLIENT_ID_RESEARCH_AGENT}], "
                        + "was [${MCP_PROXY_IDENTITY_CLIENT_ID_OPERATOR}]",
                "environment 'bad': proxy.yaml: identity.roles.admin.scopes: 'mcp-proxy/superuser' is not a scope of this "
                        + "environment's user pool [mcp-proxy/invoke, mcp-proxy/admin]",
                "environment 'bad': proxy.yaml: identity.roles.tool-user.groups: 'nobody' is not one of cognito.groups [tool-users, tool-admins]");
    }

    @Test
    void missingFilesAreReported() throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev").resolve(EnvironmentFiles.DEFINITION), valid());
        assertThat(problems("dev")).singleElement().asString()
                .startsWith("environment 'dev': proxy.yaml: not found at ");
        assertThat(problems("qa")).singleElement().asString()
                .startsWith("environment 'qa': environment.yaml: not found at ").endsWith("known environments: [dev]");
    }

    private org.assertj.core.api.ListAssert<String> assertProblems(String name) {
        return assertThat(problems(name));
    }

    private List<String> problems(String name) {
        EnvironmentException e = catchThrowableOfType(EnvironmentException.class, () -> new EnvironmentLoader(root).load(name));
        assertThat(e).as("loading %s must fail", name).isNotNull();
        assertThat(e.getMessage()).startsWith("Invalid environment definition:");
        return e.problems();
    }

    private static String valid() throws IOException {
        return Files.readString(TestApps.ENVIRONMENTS.resolve("dev").resolve(EnvironmentFiles.DEFINITION));
    }

    private static String proxyConfig() throws IOException {
        return Files.readString(TestApps.ENVIRONMENTS.resolve("dev").resolve(EnvironmentFiles.PROXY_CONFIG));
    }

    /** Writes an environment; dev's proxy.yaml is adapted to the new folder, as whoever copies it must. */
    private void write(String name, String definition, String proxyConfig) throws IOException {
        writeAsIs(name, definition, proxyConfig.replace("/app/environments/dev/", "/app/environments/" + name + "/"));
    }

    private void writeAsIs(String name, String definition, String proxyConfig) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve(EnvironmentFiles.DEFINITION), definition);
        Files.writeString(dir.resolve(EnvironmentFiles.PROXY_CONFIG), proxyConfig);
    }

    /** dev's proxy.yaml with its upstreams section replaced. */
    private static String proxyConfigWithUpstreams(String upstreams) throws IOException {
        return proxyConfig().replaceAll("(?s)\nupstreams:\n.*?\nlogging:", "\n" + upstreams + "logging:");
    }
}
