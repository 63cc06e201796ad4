package dev.mcpproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * promote and rollback: endpoints move through the runtime stack (the recording CDK toolkit), the control plane is
 * polled until the endpoint serves the version, and each move is smoke-tested on that endpoint.
 */
class PromoteCommandTest extends StubbedAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "--context imageDigest=" + DeployedEnvironment.DIGEST;

    @BeforeEach
    void setUp() throws Exception {
        DeployedEnvironment.declareClientsAndEndpoints(cli);
        DeployedEnvironment.all(aws);
        // The runtime's newest version is 3 (the last deploy); canary and live still serve 2.
        DeployedEnvironment.runtime(aws, Map.of("RuntimeVersion", "3", "EndpointVersionCanary", "2", "EndpointVersionLive", "2"));
    }

    @Test
    void promoteTestsTheNewestVersionOnTheCanaryThenMovesLive() throws Exception {
        aws.runtimeEndpoint("canary", "UPDATING@2", "READY@3");
        aws.runtimeEndpoint("live", "UPDATING@2", "READY@3");

        Result result = cli.run("promote", "--env", "dev", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls()).containsExactly(
                "deploy McpProxy-dev-Runtime --require-approval never --exclusively --context env=dev " + IMAGE
                        + " --context endpointVersions=canary=3,live=2",
                "deploy McpProxy-dev-Runtime --require-approval never --exclusively --context env=dev " + IMAGE
                        + " --context endpointVersions=canary=3,live=3");
        assertThat(aws.callLog()).containsSubsequence(
                "GetAgentRuntime", "GetAgentRuntimeEndpoint:canary", "GetAgentRuntimeEndpoint:canary",
                "CognitoToken", "MCP:initialize@canary", "MCP:tools/list@canary",
                "GetAgentRuntimeEndpoint:live", "GetAgentRuntimeEndpoint:live",
                "CognitoToken", "MCP:initialize@live", "MCP:tools/list@live");
        JsonNode out = JSON.readTree(result.out());
        assertThat(out.path("previousVersion").asInt()).isEqualTo(2);
        assertThat(out.path("version").asInt()).isEqualTo(3);
        assertThat(out.path("undo").asText()).isEqualTo("mcp-proxy rollback --env dev --to 2");
        assertThat(result.err()).contains("endpoint canary: UPDATING (live version 2)", "endpoint live: READY (live version 3)");
    }

    @Test
    void aVersionThatFailsOnTheCanaryNeverReachesLive() throws Exception {
        aws.runtimeEndpoint("canary", "READY@3");
        aws.mcpServerFailsOn("canary");

        Result result = cli.run("promote", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.SMOKE_TEST_FAILED);
        assertThat(result.err()).contains("smoke test of endpoint canary", "HTTP 500");
        assertThat(cli.cdkCalls()).hasSize(1);
        assertThat(aws.callLog()).doesNotContain("GetAgentRuntimeEndpoint:live");
    }

    @Test
    void aVersionThatFailsOnLiveIsMovedBack() throws Exception {
        aws.runtimeEndpoint("canary", "READY@3");
        aws.runtimeEndpoint("live", "READY@3", "READY@2");
        aws.mcpServerFailsOn("live");

        Result result = cli.run("promote", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.SMOKE_TEST_FAILED);
        assertThat(result.err()).contains("smoke test of endpoint live", "Endpoint live was moved back to version 2");
        List<String> cdk = cli.cdkCalls();
        assertThat(cdk).hasSize(3);
        assertThat(cdk.get(2)).endsWith("--context endpointVersions=canary=3,live=2");
    }

    @Test
    void aCanaryAlreadyOnTheVersionIsNotMovedAgain() throws Exception {
        DeployedEnvironment.runtime(aws, Map.of("EndpointVersionCanary", "3", "EndpointVersionLive", "2"));
        aws.runtimeEndpoint("live", "READY@3");

        Result result = cli.run("promote", "--env", "dev", "--runtime-version", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls()).containsExactly("deploy McpProxy-dev-Runtime --require-approval never --exclusively"
                + " --context env=dev " + IMAGE + " --context endpointVersions=canary=3,live=3");
        assertThat(result.out()).contains("Endpoint live of environment dev moved from version 2 to 3.",
                "Undo: mcp-proxy rollback --env dev --to 2");
    }

    @Test
    void promotingTheVersionLiveServesChangesNothing() throws Exception {
        Result result = cli.run("promote", "--env", "dev", "--runtime-version", "2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("already serves version 2; nothing moved");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void aVersionTheRuntimeDoesNotHaveIsRefused() throws Exception {
        Result result = cli.run("promote", "--env", "dev", "--runtime-version", "7");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--runtime-version 7: the runtime's versions are 1 to 3");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void anEnvironmentWithoutTheProductionEndpointSaysWhyDefaultCannotServe() throws Exception {
        Result result = cli.run("promote", "--env", "dev", "--endpoint", "prod");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("declares no endpoint 'prod'", "it declares canary, live",
                "DEFAULT always serves the newest version and cannot be pinned");
    }

    @Test
    void aDeclaredEndpointTheStackDoesNotReportYetSaysToDeploy() throws Exception {
        DeployedEnvironment.runtime(aws, Map.of("EndpointVersionCanary", "2"));

        Result result = cli.run("promote", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_DEPLOYED);
        assertThat(result.err()).contains("endpoint live is declared", "reports no EndpointVersionLive");
    }

    @Test
    void canaryAndProductionMustDiffer() {
        Result result = cli.run("promote", "--env", "dev", "--canary", "live");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--canary and --endpoint must be two endpoints");
    }

    @Test
    void anEndpointThatFailsToMoveStopsWithTheServicesReason() throws Exception {
        aws.runtimeEndpoint("canary", "UPDATE_FAILED@2");

        Result result = cli.run("promote", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("endpoint canary of runtime " + AwsStubs.RUNTIME_ID + " is UPDATE_FAILED");
    }

    @Test
    void aRuntimeThatIsNotReadyIsNotPromoted() {
        aws.runtime("UPDATING", null, "repo@" + DeployedEnvironment.DIGEST);

        Result result = cli.run("promote", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("is UPDATING, not READY");
    }

    @Test
    void rollbackMovesLiveBackAndSmokeTestsIt() throws Exception {
        DeployedEnvironment.runtime(aws, Map.of("EndpointVersionCanary", "3", "EndpointVersionLive", "3"));
        aws.runtimeEndpoint("live", "UPDATING@3", "READY@2");

        Result result = cli.run("rollback", "--env", "dev", "--to", "2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls()).containsExactly("deploy McpProxy-dev-Runtime --require-approval never --exclusively"
                + " --context env=dev " + IMAGE + " --context endpointVersions=canary=3,live=2");
        assertThat(aws.callLog()).containsSubsequence("GetAgentRuntimeEndpoint:live", "MCP:initialize@live", "MCP:tools/list@live");
        assertThat(result.out()).contains("moved from version 3 to 2", "Undo: mcp-proxy promote --env dev --runtime-version 3");
    }

    @Test
    void rollbackNeedsTheVersionToGoBackTo() {
        Result result = cli.run("rollback", "--env", "dev");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required option: '--to=VERSION'");
    }

    @Test
    void rollbackToAVersionThatDoesNotExistIsRefused() throws Exception {
        Result result = cli.run("rollback", "--env", "dev", "--to", "0");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--to 0: the runtime's versions are 1 to 3");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void statusShowsWhichVersionEachEndpointServes() throws Exception {
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, Map.of());

        Result json = cli.run("status", "--env", "dev", "--json");
        Result text = cli.run("status", "--env", "dev");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode endpoints = JSON.readTree(json.out()).path("endpoints");
        assertThat(endpoints.path("DEFAULT").asText()).isEqualTo("3");
        assertThat(endpoints.path("canary").asText()).isEqualTo("2");
        assertThat(endpoints.path("live").asText()).isEqualTo("2");
        assertThat(text.out()).contains("endpoints      DEFAULT=3 canary=2 live=2");
    }
}
