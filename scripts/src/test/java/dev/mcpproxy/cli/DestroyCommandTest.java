package dev.mcpproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import dev.mcpproxy.cli.testing.CliRun.Result;
import dev.mcpproxy.cli.testing.DeployedEnvironment;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DestroyCommandTest extends StubbedAwsTest {

    private static final String FOUNDATION_TEMPLATE = """
            {"Resources": {
              "AuditLogGroup": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"},
              "ApplicationLogGroup": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete"},
              "Repository": {"Type": "AWS::ECR::Repository"}
            }}""";


    @BeforeEach
    void setUp() throws Exception {
        DeployedEnvironment.all(aws);
        aws.template("McpProxy-dev-Foundation", FOUNDATION_TEMPLATE,
                Map.of("AuditLogGroup", "/mcp-proxy/dev/audit", "ApplicationLogGroup", "/mcp-proxy/dev/app"));
        aws.template("McpProxy-dev-Runtime", "{\"Resources\":{\"Runtime\":{\"Type\":\"AWS::BedrockAgentCore::Runtime\"}}}",
                Map.of());
    }

    @Test
    void withConfirmationItDestroysBothStacksAndSaysWhatItKept() throws Exception {
        Result result = cli.stdin("dev\n").run("destroy", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("Type the environment name to confirm", "keeps 1 retained resource(s)");
        assertThat(cli.cdkCalls()).containsExactly(
                "destroy McpProxy-dev-Runtime McpProxy-dev-Foundation --force --context env=dev");
        assertThat(result.out()).contains("Destroyed environment dev", "AWS::Logs::LogGroup /mcp-proxy/dev/audit (AuditLogGroup)")
                .doesNotContain("/mcp-proxy/dev/app");
    }

    @Test
    void aWrongAnswerDeletesNothing() throws Exception {
        Result result = cli.stdin("prod\n").run("destroy", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_CONFIRMED);
        assertThat(result.err()).contains("not confirmed: nothing was deleted");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void noInputAtAllPointsToYes() throws Exception {
        Result result = cli.run("destroy", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_CONFIRMED);
        assertThat(result.err()).contains("pass --yes");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void yesSkipsTheQuestion() throws Exception {
        Result result = cli.run("destroy", "--env", "dev", "--region", "eu-west-1", "--yes");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("Type the environment name");
        assertThat(cli.cdkCalls()).hasSize(1);
    }

    @Test
    void aFailedCdkDestroyIsReportedWithItsExitCode() throws Exception {
        Result result = cli.env("FAKE_CDK_FAIL", "destroy").run("destroy", "--env", "dev", "--region", "eu-west-1", "--yes");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("cdk destroy McpProxy-dev-Runtime McpProxy-dev-Foundation --force failed (exit 1)");
    }

    @Test
    void nothingDeployedMeansNothingToDestroy() {
        aws.noStack("McpProxy-staging-Foundation");
        aws.noStack("McpProxy-staging-Runtime");

        Result result = cli.run("destroy", "--env", "staging", "--yes");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_DEPLOYED);
        assertThat(result.err()).contains("environment 'staging' is not deployed in eu-west-1: nothing to destroy");
    }
}
