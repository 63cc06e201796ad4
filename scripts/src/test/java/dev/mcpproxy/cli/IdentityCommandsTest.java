package dev.mcpproxy.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** token, invoke and client-config acting as a named app client with the least scope; environment.yaml's clients. */
class IdentityCommandsTest extends StubbedAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT_SECRET = "agent-secret-value-0123456789";
    private static final String AGENT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.agent-token.sig";
    private static final String ADMIN_TOKEN = "eyJhbGciOiJSUzI1NiJ9.admin-token.sig";

    @BeforeEach
    void setUp() throws Exception {
        DeployedEnvironment.declareClientsAndEndpoints(cli);
        DeployedEnvironment.all(aws);
        DeployedEnvironment.foundation(aws, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/mcp-proxy", DeployedEnvironment.clientOutputs());
        DeployedEnvironment.runtime(aws, Map.of("RuntimeVersion", "3", "EndpointVersionCanary", "3", "EndpointVersionLive", "2"));
        aws.secret(DeployedEnvironment.AGENT_SECRET_ARN, JSON.createObjectNode()
                .put("clientId", DeployedEnvironment.AGENT_CLIENT_ID).put("clientSecret", AGENT_SECRET));
        aws.tokenEndpointRefusesOthers();
        aws.tokenEndpoint(DeployedEnvironment.AGENT_CLIENT_ID, AGENT_SECRET, "mcp-proxy/invoke", AGENT_TOKEN);
        aws.tokenEndpoint("client-id-1", AwsStubs.CLIENT_SECRET, "mcp-proxy/admin", ADMIN_TOKEN);
    }

    @Test
    void theOperatorsTokenCarriesOnlyTheInvokeScope() {
        Result result = cli.run("token", "--env", "dev");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(AwsStubs.ACCESS_TOKEN);
        aws.server().verify(postRequestedFor(urlPathEqualTo("/oauth2/token"))
                .withRequestBody(equalTo("grant_type=client_credentials&scope=mcp-proxy%2Finvoke")));
    }

    @Test
    void aNamedClientGetsItsTokenWithItsOwnCredentials() {
        Result result = cli.run("token", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(AGENT_TOKEN);
        aws.server().verify(postRequestedFor(urlPathEqualTo("/oauth2/token")).withHeader("Authorization", equalTo("Basic "
                + Base64.getEncoder().encodeToString((DeployedEnvironment.AGENT_CLIENT_ID + ":" + AGENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8)))));
        assertThat(result.err()).doesNotContain(AGENT_SECRET);
    }

    @Test
    void aScopeTheClientMayRequestIsAskedForAlone() {
        Result result = cli.run("token", "--env", "dev", "--scope", "admin");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(ADMIN_TOKEN);
    }

    @Test
    void aScopeTheClientMayNotRequestIsRefusedBeforeAskingCognito() {
        Result result = cli.run("token", "--env", "dev", "--client", "support-agent", "--scope", "admin");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("app client 'support-agent' may not request scope 'admin'", "it may request mcp-proxy/invoke");
        assertThat(aws.callLog()).doesNotContain("CognitoToken");
    }

    @Test
    void anUnknownClientIsNamedWithTheDeployedOnes() {
        Result result = cli.run("token", "--env", "dev", "--client", "nobody");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no app client 'nobody'", "its clients are operator, support-agent");
    }

    @Test
    void aDeclaredClientThatIsNotDeployedYetSaysToDeploy() {
        Result result = cli.run("token", "--env", "dev", "--client", "billing-agent");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'billing-agent' is declared in environment.yaml but not deployed yet",
                "ClientBillingAgentId", "mcp-proxy deploy");
    }

    @Test
    void invokeActsAsTheNamedClientOnTheNamedEndpoint() throws Exception {
        aws.tokenEndpoint(DeployedEnvironment.AGENT_CLIENT_ID, AGENT_SECRET, "mcp-proxy/invoke", AwsStubs.ACCESS_TOKEN);

        Result result = cli.run("invoke", "--env", "dev", "tools/list", "--client", "support-agent", "--endpoint", "live");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).path("tools")).hasSize(2);
        assertThat(aws.callLog()).containsSubsequence("CognitoToken", "MCP:initialize@live", "MCP:tools/list@live");
    }

    @Test
    void invokeWithSigV4CallsTheNamedEndpointThroughTheSdk() throws Exception {
        aws.mcpServer(DeployedEnvironment.TOOLS, "canary");

        Result result = cli.run("invoke", "--env", "dev", "tools/list", "--auth", "sigv4", "--endpoint", "canary");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).path("tools")).hasSize(2);
        assertThat(aws.callLog()).containsSubsequence("MCP:initialize@canary", "MCP:tools/list@canary")
                .doesNotContain("CognitoToken");
    }

    @Test
    void invokeRejectsAnEndpointNameTheServiceWouldNot() {
        Result result = cli.run("invoke", "--env", "dev", "tools/list", "--endpoint", "live-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--endpoint 'live-1' is not an endpoint name");
    }

    @Test
    void clientConfigPointsAnAgentAtTheProductionEndpointWithItsOwnTokenCommand() throws Exception {
        Result result = cli.run("client-config", "--env", "dev", "--client", "support-agent");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode server = JSON.readTree(result.out()).path("mcpServers").path("mcp-proxy-dev");
        assertThat(server.path("url").asText()).isEqualTo(aws.url() + "/bearer/invocations?qualifier=live");
        assertThat(server.path("headers").path("Authorization").asText()).isEqualTo("Bearer ${MCP_PROXY_TOKEN}");
        assertThat(result.err()).contains("export MCP_PROXY_TOKEN=$(mcp-proxy token --env dev --client support-agent)");
        assertThat(aws.callLog()).doesNotContain("CognitoToken", "GetSecretValue");
    }

    @Test
    void clientConfigWithoutAProductionEndpointUsesDefault() throws Exception {
        DeployedEnvironment.runtime(aws);

        Result result = cli.run("client-config", "--env", "dev", "--endpoint", "DEFAULT");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).path("mcpServers").path("mcp-proxy-dev").path("url").asText())
                .isEqualTo(aws.url() + "/bearer/invocations");
        assertThat(result.err()).contains("export MCP_PROXY_TOKEN=$(mcp-proxy token --env dev)");
    }

    @Test
    void aMalformedClientListInEnvironmentYamlNamesTheKey() throws Exception {
        Files.writeString(cli.projectDir().resolve("cdk/environments/dev/environment.yaml"),
                "region: eu-west-1\ncognito:\n  clients:\n    - name: a\n      scopes: invoke\n");

        Result result = cli.run("token", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("environment.yaml: cognito.clients[0].scopes must be a list");
    }

    @Test
    void anEndpointVersionThatIsNoVersionNamesTheKey() throws Exception {
        Files.writeString(cli.projectDir().resolve("cdk/environments/dev/environment.yaml"),
                "region: eu-west-1\nruntime:\n  endpoints:\n    - name: live\n      version: latest\n");

        Result result = cli.run("status", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("runtime.endpoints[0].version must be a runtime version, a positive integer (was 'latest')");
    }
}
