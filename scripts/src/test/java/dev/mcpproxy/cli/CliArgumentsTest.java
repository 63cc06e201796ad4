package dev.mcpproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cli.testing.AwsStubs;
import dev.mcpproxy.cli.testing.CliRun;
import dev.mcpproxy.cli.testing.StubbedAwsTest;
import dev.mcpproxy.cli.testing.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgumentsTest extends StubbedAwsTest {


    @Test
    void helpExplainsEveryCommandAndTheExitCodes() {
        Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("local", "synth", "deploy", "promote", "rollback", "status", "invoke", "token",
                        "client-config", "rotate-secret", "logs", "destroy", "image")
                .contains("Exit codes:", "Environment not deployed", "destroy not confirmed");
    }

    @Test
    void withoutACommandItSaysOneIsNeeded() {
        Result result = cli.run();

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("a command is needed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "synth", "deploy", "promote", "rollback", "status", "invoke", "token", "client-config",
        "rotate-secret", "logs", "destroy", "image"})
    void everyCommandHasHelp(String command) {
        Result result = cli.run(command, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: mcp-proxy " + command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"synth", "deploy", "promote", "status", "invoke", "token", "client-config", "rotate-secret", "logs",
        "destroy"})
    void environmentCommandsNeedAnEnvironment(String command) {
        Result result = cli.run(command, "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("Missing required option", "'--env=ENV'", "mcp-proxy " + command + " --help");
    }

    @Test
    void anInvalidEnvironmentNameIsRejectedBeforeAnyAwsCall() {
        Result result = cli.run("status", "--env", "My-Env", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'My-Env' is not an environment name");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void anEnvironmentTheProjectDoesNotDefineIsNamedWithTheOnesItDoes() {
        Result result = cli.run("deploy", "--env", "qa");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("unknown environment 'qa': this project defines dev, staging");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void aDefinedButUndeployedEnvironmentSaysItIsNotDeployedAndHowToDeployIt() {
        aws.noStack("McpProxy-staging-Foundation");
        aws.noStack("McpProxy-staging-Runtime");

        Result result = cli.run("status", "--env", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_DEPLOYED);
        assertThat(result.err()).contains("environment 'staging' is not deployed in eu-west-1",
                "McpProxy-staging-Foundation does not exist", "mcp-proxy deploy --env staging");
    }

    @Test
    void theRegionComesFromTheEnvironmentsDefinitionUnlessGiven() {
        aws.noStack("McpProxy-staging-Foundation");

        cli.run("status", "--env", "staging");
        cli.run("status", "--env", "staging", "--region", "us-east-2");

        assertThat(aws.requests()).extracting(request -> request.getHeader("Authorization").replaceAll(".*Credential=[^/]+/[0-9]+/([a-z0-9-]+)/.*", "$1"))
                .containsExactly("eu-west-1", "us-east-2");
    }

    @Test
    void missingCredentialsAreNamedAsSuch() {
        Result result = cli.credentials(CliRun.NO_CREDENTIALS).run("status", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.NO_CREDENTIALS);
        assertThat(result.err()).contains("no AWS credentials found", "--profile");
    }

    @Test
    void invokeRejectsArgumentsThatAreNotJsonBeforeAnyAwsCall() {
        Result result = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/call", "echo", "--args", "{message: hi");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--args is not valid JSON");
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void invokeRejectsJsonThatIsNotAnObject() {
        Result result = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/call", "echo", "--args", "[1,2]");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--args must be a JSON object");
    }

    @Test
    void invokeNamesWhatIsMissing() {
        assertThat(cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/call").err())
                .contains("tools/call needs a name after the method");
        assertThat(cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "resources/read").err())
                .contains("resources/read needs a resource URI");
        Result unknown = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/delete");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("unknown method 'tools/delete'");
        Result badAuth = cli.run("invoke", "--env", "dev", "--region", "eu-west-1", "tools/list", "--auth", "basic");
        assertThat(badAuth.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void logsRejectsAnUnreadableSince() {
        Result result = cli.run("logs", "--env", "dev", "--region", "eu-west-1", "--since", "yesterday");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("'yesterday' is neither a duration like 10m");
    }

    @Test
    void withoutNodeTheCdkCommandsSayHowToGetIt() {
        Result result = cli.env("PATH", "/nonexistent").run("synth", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MISSING_TOOL);
        assertThat(result.err()).contains("Node.js is needed", "npx", "https://nodejs.org");
    }

    @Test
    void synthChecksBothStacksWithAPlaceholderDigestWhenNoImageIsGiven() throws Exception {
        Result result = cli.run("synth", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls()).containsExactly("synth --quiet --context env=dev --context imageDigest=sha256:" + "0".repeat(64));
        assertThat(result.err()).contains("Foundation and Runtime stacks", "placeholder image digest");
    }

    @Test
    void synthPinsTheGivenImage() throws Exception {
        String digest = "sha256:" + "4f".repeat(32);

        Result result = cli.run("synth", "--env", "dev", "--region", "eu-west-1", "--image-digest", digest);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(cli.cdkCalls()).containsExactly("synth --quiet --context env=dev --context imageDigest=" + digest);
    }

    @Test
    void synthRejectsADigestThatIsNone() throws Exception {
        Result result = cli.run("synth", "--env", "dev", "--region", "eu-west-1", "--image-digest", "latest");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--image-digest 'latest' is not an image digest");
        assertThat(cli.cdkCalls()).isEmpty();
    }

    @Test
    void aFailedCheckFailsSynth() throws Exception {
        // cdk synth exits non-zero when cdk-nag reports an error on either stack.
        Result result = cli.env("FAKE_CDK_FAIL", "synth").run("synth", "--env", "dev", "--region", "eu-west-1");

        assertThat(result.exitCode()).isEqualTo(ExitCode.DEPLOY_FAILED);
        assertThat(result.err()).contains("cdk synth --quiet failed (exit 1)");
    }

    @Test
    void localWithoutTheProxyJarSaysHowToBuildIt() {
        Result result = cli.run("local");

        assertThat(result.exitCode()).isEqualTo(ExitCode.MISSING_TOOL);
        assertThat(result.err()).contains("proxy-app.jar does not exist", "./mvnw -B -pl proxy-app -am package");
    }

    @Test
    void localRejectsAMalformedUpstream() throws Exception {
        java.nio.file.Files.createDirectories(cli.projectDir().resolve("proxy-app/target"));
        java.nio.file.Files.writeString(cli.projectDir().resolve("proxy-app/target/proxy-app.jar"), "");

        Result result = cli.run("local", "--upstream", "docs");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--upstream 'docs' is not NAME=URL");
    }
}
