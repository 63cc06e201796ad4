package dev.mcpproxy.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AccountCheck;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.cdk.CdkToolkit;
import dev.mcpproxy.cli.image.BuiltImage;
import dev.mcpproxy.cli.image.ImageBuildException;
import dev.mcpproxy.cli.image.ImageOptions;
import dev.mcpproxy.cli.image.ImageSettings;
import dev.mcpproxy.cli.image.ImageTarget;
import dev.mcpproxy.cli.image.ProxyImageBuilder;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.runtime.RuntimeControl;
import dev.mcpproxy.cli.runtime.RuntimeState;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackNames;
import dev.mcpproxy.cli.stack.StackReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploys an environment in one command, resuming where a failed run stopped.",
            "Checks credentials and CDK bootstrap, deploys the foundation",
            "stack, builds and pushes the image with Jib to its ECR repository, deploys the runtime stack pinned to",
            "the pushed digest, waits until the runtime is READY, smoke-tests it (initialize + tools/list) and prints",
            "the endpoint and an MCP client configuration.",
            "Every step is idempotent: after a failure, run it again to resume; with nothing changed it changes nothing."})
public final class DeployCommand extends AwsCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    ImageOptions image;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "MINUTES",
            description = "How long to wait for the runtime to become READY (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--json", description = "Print the result (endpoint, ARN, digest, client configuration) as JSON.")
    boolean json;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        String env = target.env();
        Path jar = image.jar(context());
        Progress progress = new Progress(context().err());
        CdkToolkit cdk = new CdkToolkit(context(), aws.region().id(), aws.profile(), progress);
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());

        progress.step("Checking AWS credentials");
        String account = AccountCheck.account(aws);
        progress.detail("account " + account + ", region " + aws.region().id());
        definition.flatMap(EnvironmentDefinition::account).filter(expected -> !expected.equals(account)).ifPresent(expected -> {
            throw new CliException(ExitCode.NO_CREDENTIALS, "these credentials are for account " + account
                    + ", but environment " + env + " lives in account " + expected + " (its environment.yaml): use"
                    + " --profile for that account");
        });

        progress.step("Checking the CDK bootstrap of aws://" + account + "/" + aws.region().id());
        if (stacks.find(StackNames.CDK_TOOLKIT).isEmpty()) {
            progress.detail("not bootstrapped yet: running cdk bootstrap");
            cdk.bootstrap(account, env);
        }

        progress.step("Deploying " + StackNames.foundation(env));
        cdk.deploy(StackNames.foundation(env), env, Map.of());
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);

        BuiltImage pushed = buildAndPush(aws, jar, foundation, progress);

        progress.step("Deploying " + StackNames.runtime(env) + " with image " + pushed.digest());
        cdk.deploy(StackNames.runtime(env), env, Map.of("imageDigest", pushed.digest()));
        DeployedStack runtime = stacks.require(StackNames.runtime(env), env);

        progress.step("Waiting for the runtime to be READY");
        RuntimeState state = new RuntimeControl(aws.agentCoreControl()).awaitReady(runtime.output("RuntimeId"),
                context().pollInterval(), Duration.ofMinutes(timeoutMinutes), progress);

        progress.step("Smoke test: initialize and tools/list through the invocation URL");
        DeployedProxy proxy = new DeployedProxy(aws, foundation, runtime);
        int tools = SmokeTest.run(proxy);
        progress.detail("the proxy lists " + tools + " tools");

        printResult(env, proxy, runtime, state, pushed);
        return ExitCode.OK;
    }

    private BuiltImage buildAndPush(AwsClients aws, Path jar, DeployedStack foundation, Progress progress) {
        ImageSettings settings = image.settings(context());
        Optional<Path> environments = image.environments(context());
        String tag = ImageTag.forInputs(jar, environments, settings);
        String reference = foundation.output("EcrRepositoryUri") + ":" + tag;
        Optional<String> existing = EcrImages.digestOf(aws.ecr(), foundation.output("EcrRepositoryName"), tag);
        if (existing.isPresent()) {
            progress.step("Image " + reference + " is already in the repository: nothing to build or push");
            return new BuiltImage(reference, existing.get());
        }
        progress.step("Building the image with Jib and pushing it to " + reference);
        try {
            ImageTarget.RegistryCredential credential = EcrLogin.credential(aws.ecr());
            return new ProxyImageBuilder(settings, context().cacheDir().resolve("jib"), progress::detail)
                    .build(jar, environments, new ImageTarget.Registry(reference, Optional.of(credential)));
        } catch (ImageBuildException e) {
            throw new CliException(ExitCode.IMAGE_FAILED, e.getMessage(), e);
        }
    }

    private void printResult(String env, DeployedProxy proxy, DeployedStack runtime, RuntimeState state, BuiltImage image) {
        String endpoint = proxy.endpoint().toString();
        ObjectNode clientConfig = ClientConfig.forEndpoint(env, endpoint);
        if (json) {
            ObjectNode result = JSON.createObjectNode()
                    .put("environment", env)
                    .put("endpoint", endpoint)
                    .put("runtimeArn", runtime.output("RuntimeArn"))
                    .put("runtimeVersion", state.version())
                    .put("imageDigest", image.digest());
            result.set("mcpClientConfig", clientConfig);
            context().out().println(result.toPrettyString());
            return;
        }
        context().out().println("Deployed environment " + env + ".");
        context().out().println("Endpoint: " + endpoint);
        context().out().println("Image:    " + image.pinnedReference());
        context().out().println();
        context().out().println("MCP client configuration (get the token with: export MCP_PROXY_TOKEN=$(mcp-proxy token --env "
                + env + ")):");
        context().out().println(clientConfig.toPrettyString());
    }
}
