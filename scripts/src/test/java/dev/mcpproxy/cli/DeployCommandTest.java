package dev.mcpproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import dev.mcpproxy.cli.testing.LoopbackRegistry;
import dev.mcpproxy.cli.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole deploy path: stubbed AWS control planes, a recording fake CDK toolkit, and a real
 * registry on loopback standing in for the environment's ECR repository.
 */
class DeployCommandTest extends StubbedAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static LoopbackRegistry registry;
    static String base;

    Path jar;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LoopbackRegistry.start(Files.createDirectories(shared.resolve("registry")));
        base = TestImages.pushMultiPlatformBase(registry, Files.createDirectories(shared.resolve("base")));
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        jar = TestImages.proxyJar(dir.resolve("proxy-app.jar"), "v1");
        aws.callerIdentity();
        aws.stack("CDKToolkit", "CREATE_COMPLETE", Map.of("BootstrapVersion", "30"));
        DeployedEnvironment.foundation(aws, registry.host() + "/mcp-proxy");
        DeployedEnvironment.runtime(aws);
        aws.ecrToken();
        aws.noImage();
        aws.secret();
        aws.tokenEndpoint();
        aws.mcpServer(DeployedEnvironment.TOOLS);
    }

    private Result deploy(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("deploy", "--env", "dev", "--region", "eu-west-1",
                "--jar", jar.toString(), "--base-image", base));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private static String digestIn(String cdkCall) {
        return cdkCall.replaceAll(".*imageDigest=(sha256:[0-9a-f]{64}).*", "$1");
    }

    @Test
    void deploysFoundationThenPushesThenDeploysTheRuntimeWithThePushedDigestThenWaitsAndSmokeTests() throws Exception {
        aws.runtimeStatuses("repo@x", "CREATING", "CREATING", "READY");

        Result result = deploy("--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> cdk = cli.cdkCalls();
        assertThat(cdk).hasSize(2);
        assertThat(cdk.get(0)).startsWith("deploy McpProxy-dev-Foundation --require-approval never --exclusively --context env=dev");
        assertThat(cdk.get(1)).startsWith("deploy McpProxy-dev-Runtime --require-approval never --exclusively --context env=dev")
                .contains("--context imageDigest=sha256:");
        String digest = digestIn(cdk.get(1));
        JsonNode index = registry.manifest("mcp-proxy", digest);
        assertThat(index.path("manifests")).hasSize(2);
        assertThat(aws.callLog()).containsSubsequence(
                "GetCallerIdentity", "DescribeStacks:CDKToolkit", "DescribeStacks:McpProxy-dev-Foundation",
                "GetAuthorizationToken", "DescribeStacks:McpProxy-dev-Runtime",
                "GetAgentRuntime", "GetAgentRuntime", "GetAgentRuntime",
                "CognitoToken", "MCP:initialize", "MCP:tools/list");
        assertThat(result.err()).contains("runtime " + AwsStubs.RUNTIME_ID + ": CREATING", ": READY", "the proxy lists 2 tools");
        JsonNode out = JSON.readTree(result.out());
        assertThat(out.path("imageDigest").asText()).isEqualTo(digest);
        assertThat(out.path("endpoint").asText()).isEqualTo(aws.url() + "/bearer/invocations");
        assertThat(out.path("mcpClientConfig").path("mcpServers").path("mcp-proxy-dev").path("url").asText())
                .isEqualTo(aws.url() + "/bearer/invocations");
        assertThat(result.out() + result.err()).doesNotContain("ecr-password", AwsStubs.ACCESS_TOKEN, AwsStubs.CLIENT_SECRET);
    }

    @Test
    void runningItAgainWithNothingChangedDeploysTheSameDigest() throws Exception {
        aws.runtime("READY", null, "repo@x");

        Result first = deploy();
        Result second = deploy();

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        List<String> cdk = cli.cdkCalls();
        assertThat(cdk).hasSize(4);
        assertThat(cdk.get(3)).isEqualTo(cdk.get(1));
        assertThat(first.out()).contains("Endpoint: " + aws.url() + "/bearer/invocations", "\"mcpServers\"",
                "export MCP_PROXY_TOKEN=$(mcp-proxy token --env dev)");
    }

    @Test
    void bootstrapsFirstWhenTheAccountIsNotBootstrapped() throws Exception {
        aws.noStack("CDKToolkit");
        aws.runtime("READY", null, "repo@x");

        Result result = deploy();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls().get(0)).isEqualTo("bootstrap aws://" + AwsStubs.ACCOUNT + "/eu-west-1 --context env=dev");
    }

    @Test
    void withoutCredentialsNothingIsDeployed() throws Exception {
        Result result = cli.credentials(CliRun.NO_CREDENTIALS).run("deploy", "--env", "dev", "--region", "eu-west-1",
                "--jar", jar.toString(), "--base-image", base);

        assertThat(result.exitCode()).isEqualTo(ExitCode.NO_CREDENTIALS);
        assertThat(result.err()).contains("checking AWS credentials (sts:GetCallerIdentity) failed: no AWS credentials found");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void aFailedFoundationDeploymentStopsBeforeThePush() throws Exception {
        Result result = cli.env("FAKE_CDK_FAIL", "McpProxy-dev-Foundation").run("deploy", "--env", "dev",
                "--region", "eu-west-1", "--jar", jar.toString(), "--base-image", base);

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("cdk deploy McpProxy-dev-Foundation", "failed (exit 1)", "fake cdk: deploy failed");
        assertThat(aws.callLog()).doesNotContain("GetAuthorizationToken");
    }

    @Test
    void aFailedPushStopsBeforeTheRuntime() throws Exception {
        DeployedEnvironment.foundation(aws, "127.0.0.1:1/mcp-proxy");

        Result result = deploy();

        assertThat(result.exitCode()).isEqualTo(ExitCode.IMAGE_FAILED);
        assertThat(cli.cdkCalls()).hasSize(1);
        assertThat(aws.callLog()).doesNotContain("DescribeStacks:McpProxy-dev-Runtime");
    }

    @Test
    void aFailedRuntimeDeploymentIsReportedAndRerunningResumes() throws Exception {
        aws.runtime("READY", null, "repo@x");

        Result failed = cli.env("FAKE_CDK_FAIL", "McpProxy-dev-Runtime").run("deploy", "--env", "dev",
                "--region", "eu-west-1", "--jar", jar.toString(), "--base-image", base);
        Result resumed = cli.env("FAKE_CDK_FAIL", "").run("deploy", "--env", "dev", "--region", "eu-west-1",
                "--jar", jar.toString(), "--base-image", base);

        assertThat(failed.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(failed.err()).contains("cdk deploy McpProxy-dev-Runtime");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        List<String> cdk = cli.cdkCalls();
        assertThat(cdk).hasSize(4);
        assertThat(digestIn(cdk.get(3))).isEqualTo(digestIn(cdk.get(1)));
    }

    @Test
    void aRuntimeThatFailsToCreateIsReportedWithTheServicesReason() {
        aws.runtimeStatuses("repo@x", "CREATING", "CREATE_FAILED");
        aws.runtime("CREATE_FAILED", "Container failed to start: exec format error", "repo@x");

        Result result = deploy();

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("runtime " + AwsStubs.RUNTIME_ID + " is CREATE_FAILED: Container failed to start: exec format error");
        assertThat(aws.callLog()).doesNotContain("MCP:initialize");
    }

    @Test
    void aRuntimeThatNeverBecomesReadyTimesOut() {
        aws.runtime("UPDATING", null, "repo@x");

        Result result = deploy("--timeout", "0");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("did not become READY within 0 minutes (still UPDATING)");
    }

    @Test
    void aFailedSmokeTestHasItsOwnExitCode() {
        aws.runtime("READY", null, "repo@x");
        aws.tokenEndpointRefuses();

        Result result = deploy();

        assertThat(result.exitCode()).isEqualTo(ExitCode.SMOKE_TEST_FAILED);
        assertThat(result.err()).contains("smoke test of", "refused the client credentials");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        Result result = cli.run("deploy", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MISSING_TOOL);
        assertThat(result.err()).contains("proxy-app.jar does not exist");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void credentialsForAnotherAccountThanTheEnvironmentsAreRefused() throws Exception {
        Files.writeString(cli.projectDir().resolve("cdk/environments/dev/environment.yaml"),
                "account: \"999999999999\"\nregion: eu-west-1\n");

        Result result = deploy();

        assertThat(result.exitCode()).isEqualTo(ExitCode.NO_CREDENTIALS);
        assertThat(result.err()).contains("these credentials are for account " + AwsStubs.ACCOUNT
                + ", but environment dev lives in account 999999999999");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void thePushedImageCarriesTheEnvironmentsProxyConfiguration() throws Exception {
        aws.runtime("READY", null, "repo@x");

        Result result = deploy();

        assertThat(result.exitCode()).as(result.err()).isZero();
        String digest = digestIn(cli.cdkCalls().get(1));
        JsonNode amd64 = null;
        for (JsonNode manifest : registry.manifest("mcp-proxy", digest).path("manifests")) {
            amd64 = registry.manifest("mcp-proxy", manifest.path("digest").asText());
        }
        assertThat(amd64.path("layers")).as("base, dependencies, application, environments").hasSize(4);
    }

    @Test
    void anImageAlreadyInTheRepositoryIsNotBuiltOrPushedAgain() throws Exception {
        aws.runtime("READY", null, "repo@x");
        aws.existingImage(DeployedEnvironment.DIGEST);

        Result result = deploy();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("is already in the repository: nothing to build or push");
        assertThat(digestIn(cli.cdkCalls().get(1))).isEqualTo(DeployedEnvironment.DIGEST);
        assertThat(aws.callLog()).contains("DescribeImages").doesNotContain("GetAuthorizationToken");
    }

    @Test
    void namedEndpointsStayWhereThePreviousDeploymentLeftThemAndClientsAreGivenTheProductionOne() throws Exception {
        DeployedEnvironment.declareClientsAndEndpoints(cli);
        DeployedEnvironment.runtime(aws, Map.of("RuntimeVersion", "3", "EndpointVersionCanary", "3", "EndpointVersionLive", "2"));
        aws.runtime("READY", null, "repo@x");
        aws.existingImage(DeployedEnvironment.DIGEST);

        Result result = deploy("--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls().get(1)).endsWith("--context imageDigest=" + DeployedEnvironment.DIGEST
                + " --context endpointVersions=canary=3,live=2");
        assertThat(result.err()).contains("endpoint canary stays on version 3",
                "endpoint live stays on version 2 (environment.yaml's version 1 applies only when the endpoint is created");
        assertThat(aws.callLog()).contains("MCP:tools/list").doesNotContain("MCP:tools/list@live");
        JsonNode out = JSON.readTree(result.out());
        String live = aws.url() + "/bearer/invocations?qualifier=live";
        assertThat(out.path("endpoint").asText()).isEqualTo(live);
        assertThat(out.path("endpointVersions").path("live").asInt()).isEqualTo(2);
        assertThat(out.path("mcpClientConfig").path("mcpServers").path("mcp-proxy-dev").path("url").asText()).isEqualTo(live);
    }

    @Test
    void theSummarySaysWhenProductionStillServesAnOlderVersion() throws Exception {
        DeployedEnvironment.declareClientsAndEndpoints(cli);
        DeployedEnvironment.runtime(aws, Map.of("RuntimeVersion", "3", "EndpointVersionCanary", "2", "EndpointVersionLive", "2"));
        aws.runtime("READY", null, "repo@x");
        aws.existingImage(DeployedEnvironment.DIGEST);

        Result result = deploy();

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Endpoint: " + aws.url() + "/bearer/invocations?qualifier=live",
                "Version:  3 is on DEFAULT; endpoint live still serves 2. Promote it with: mcp-proxy promote --env dev");
    }
}
