package dev.mcpproxy.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** status, logs, invoke, token against stubbed AWS control planes and a stubbed MCP endpoint. */
class OperateCommandsTest extends StubbedAwsTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    @BeforeEach
    void setUp() throws Exception {
        DeployedEnvironment.all(aws);
    }

    @Test
    void statusReportsTheRuntimeItsImageEndpointAndRecentErrors() throws Exception {
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, Map.of(
                Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(), "ERROR upstream docs unreachable\n"));

        Result result = cli.run("status", "--env", "dev", "--region", "eu-west-1", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode status = JSON.readTree(result.out());
        assertThat(status.path("status").asText()).isEqualTo("READY");
        assertThat(status.path("version").asText()).isEqualTo("3");
        assertThat(status.path("imageDigest").asText()).isEqualTo(DeployedEnvironment.DIGEST);
        assertThat(status.path("endpoint").asText()).isEqualTo(aws.url() + "/bearer/invocations");
        assertThat(status.path("lastDeployed").asText()).isEqualTo("2026-11-20T10:05:00Z");
        assertThat(status.path("recentErrors").get(0).path("message").asText()).isEqualTo("ERROR upstream docs unreachable");
        aws.server().verify(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Logs_20140328.FilterLogEvents"))
                .withRequestBody(matchingJsonPath("$.filterPattern", equalTo("?ERROR ?Exception"))));
    }

    @Test
    void statusInPlainTextShowsAFailedRuntimesReason() {
        aws.runtime("UPDATE_FAILED", "Image manifest is not for linux/arm64", "repo@" + DeployedEnvironment.DIGEST);
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, Map.of());

        Result result = cli.run("status", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("UPDATE_FAILED", "Image manifest is not for linux/arm64", "recentErrors   none");
    }

    @Test
    void logsSinceReadsTheApplicationLogFromThatTimeWithTheFilter() {
        Map<Long, String> events = new TreeMap<>(Map.of(
                Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(), "first line",
                Instant.parse("2026-11-24T10:00:05Z").toEpochMilli(), "second line"));
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, events);

        Result result = cli.run("logs", "--env", "dev", "--region", "eu-west-1", "--since", "2026-11-24T09:00:00Z",
                "--filter", "line");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("2026-11-24T10:00:00Z first line\n2026-11-24T10:00:05Z second line\n");
        aws.server().verify(postRequestedFor(urlPathEqualTo("/"))
                .withRequestBody(matchingJsonPath("$.startTime", equalTo(String.valueOf(
                        Instant.parse("2026-11-24T09:00:00Z").toEpochMilli()))))
                .withRequestBody(matchingJsonPath("$.filterPattern", equalTo("line"))));
    }

    @Test
    void statusShowsTheNewestFiveErrors() throws Exception {
        Map<Long, String> errors = new TreeMap<>();
        for (int minute = 0; minute < 8; minute++) {
            errors.put(Instant.parse("2026-11-24T10:00:00Z").plusSeconds(60L * minute).toEpochMilli(), "ERROR number " + minute);
        }
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, errors);

        Result result = cli.run("status", "--env", "dev", "--json");

        assertThat(JSON.readTree(result.out()).path("recentErrors").findValuesAsText("message"))
                .containsExactly("ERROR number 3", "ERROR number 4", "ERROR number 5", "ERROR number 6", "ERROR number 7");
    }

    @Test
    void logsFollowPrintsEachEventOnceAcrossPolls() throws Exception {
        aws.logEvents(DeployedEnvironment.APP_LOG_GROUP, new TreeMap<>(Map.of(
                1764000000000L, "first line", 1764000001000L, "second line")));
        java.util.concurrent.atomic.AtomicReference<Result> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread follow = new Thread(() -> result.set(cli.run("logs", "--env", "dev", "--follow", "--since", "1h")));
        follow.start();
        // Bounded at 30 s, not 10: the first reads wait for the command to build its AWS clients, slow on a loaded machine.
        for (int attempt = 0; attempt < 1500 && logReads() < 3; attempt++) {
            Thread.sleep(20);
        }
        follow.interrupt();
        follow.join();

        assertThat(logReads()).isGreaterThanOrEqualTo(3);
        assertThat(result.get().out()).isEqualTo("2025-11-24T16:00:00Z first line\n2025-11-24T16:00:01Z second line\n");
    }

    private int logReads() {
        return aws.server().findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("Logs_20140328.FilterLogEvents"))).size();
    }

    @Test
    void logsOfTheAuditSourceReadTheAuditLogGroup() throws Exception {
        aws.logEvents(DeployedEnvironment.AUDIT_LOG_GROUP, Map.of(1764000000000L, "{\"decision\":\"allow\"}"));

        Result result = cli.run("logs", "--env", "dev", "--region", "eu-west-1", "--source", "audit", "--since", "2h", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).path("message").asText()).isEqualTo("{\"decision\":\"allow\"}");
    }

    @Test
    void invokeWithABearerTokenFromCognito() throws Exception {
        Result result = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/list");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode tools = JSON.readTree(result.out()).path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).path("name").asText()).isEqualTo("demo__echo");
        assertThat(aws.callLog()).containsSubsequence("DescribeStacks:McpProxy-dev-Foundation", "GetSecretValue",
                "CognitoToken", "MCP:initialize", "MCP:notifications/initialized", "MCP:tools/list");
        assertThat(result.out() + result.err()).doesNotContain(AwsStubs.ACCESS_TOKEN, AwsStubs.CLIENT_SECRET);
    }

    @Test
    void invokeToolsCallThroughSigV4SendsNameAndArgumentsWithTheSession() throws Exception {
        Result result = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "--auth", "sigv4",
                "tools/call", "demo__echo", "--args", "{\"message\":\"hi\"}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JSON.readTree(result.out()).path("content").get(0).path("text").asText()).isEqualTo("echo: hi");
        aws.server().verify(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/runtimes/.*/invocations"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("AWS4-HMAC-SHA256"))
                .withHeader("Mcp-Session-Id", equalTo("session-1"))
                .withRequestBody(matchingJsonPath("$.params.name", equalTo("demo__echo")))
                .withRequestBody(matchingJsonPath("$.params.arguments.message", equalTo("hi"))));
        assertThat(aws.callLog()).doesNotContain("CognitoToken");
    }

    @Test
    void invokeReportsAJsonRpcErrorWithItsOwnExitCode() {
        aws.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/bearer/invocations"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.method", equalTo("prompts/get")))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"unknown prompt: nope\"}}")));

        Result result = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "prompts/get", "nope");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MCP_ERROR);
        assertThat(result.err()).contains("prompts/get failed: MCP error -32602: unknown prompt: nope");
    }

    @Test
    void tokenPrintsOnlyTheAccessToken() {
        Result result = cli.run("token", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo(AwsStubs.ACCESS_TOKEN + "\n");
        assertThat(result.err()).doesNotContain(AwsStubs.ACCESS_TOKEN, AwsStubs.CLIENT_SECRET);
    }

    @Test
    void aRefusedTokenRequestNamesTheEndpointButNotTheSecret() {
        aws.tokenEndpointRefuses();

        Result result = cli.run("token", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MCP_ERROR);
        assertThat(result.err()).contains("refused the client credentials: HTTP 400 (invalid_client)")
                .doesNotContain(AwsStubs.CLIENT_SECRET);
    }

    @Test
    void accessDeniedSaysSoWithTheActionThatFailed() {
        aws.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/").atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("Action=DescribeStacks"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(403)
                        .withHeader("Content-Type", "text/xml").withBody("""
                                <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
                                <Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudformation:DescribeStacks</Message>
                                </Error><RequestId>1</RequestId></ErrorResponse>""")));

        Result result = cli.run("status", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.AWS_ERROR);
        assertThat(result.err()).contains("reading stack McpProxy-dev-Foundation failed: access denied",
                "not authorized to perform: cloudformation:DescribeStacks");
    }
}
