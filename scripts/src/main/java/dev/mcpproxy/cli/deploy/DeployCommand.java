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
import dev.mcpproxy.cli.environment.EnvironmentDefinition.DeclaredEndpoint;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.promote.EndpointVersions;
import dev.mcpproxy.cli.cdk.CdkToolkit;
import dev.mcpproxy.cli.image.BuiltImage;
import dev.mcpproxy.cli.image.ImageBuildException;
import dev.mcpproxy.cli.image.ImageOptions;
import dev.mcpproxy.cli.image.ImageSettings;
import dev.mcpproxy.cli.image.ImageTarget;
import dev.mcpproxy.cli.image.ProxyImageBuilder;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.runtime.EndpointOption;
import dev.mcpproxy.cli.runtime.RuntimeControl;
import dev.mcpproxy.cli.runtime.RuntimeState;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.CdkContext;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
            "the endpoint and an MCP client configuration. Named endpoints (runtime.endpoints) stay on the versions the",
            "previous deployment left them on; DEFAULT serves the new version: `promote` moves production to it.",
            "Every step is idempotent: after a failure, run it again to resume; with nothing changed it changes nothing."})
public final class DeployCommand extends AwsCommand {
    /** The stack {@code cdk bootstrap} creates. */
    private static final String CDK_TOOLKIT = "CDKToolkit";


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
        if (stacks.find(CDK_TOOLKIT).isEmpty()) {
            progress.detail("not bootstrapped yet: running cdk bootstrap");
            cdk.bootstrap(account, env);
        }

        progress.step("Deploying " + StackNames.foundation(env));
        cdk.deploy(StackNames.foundation(env), env, Map.of());
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);

        BuiltImage pushed = buildAndPush(aws, jar, foundation, progress);

        progress.step("Deploying " + StackNames.runtime(env) + " with image " + pushed.digest());
        cdk.deploy(StackNames.runtime(env), env, runtimeContext(pushed, stacks.find(StackNames.runtime(env)), definition, progress));
        DeployedStack runtime = stacks.require(StackNames.runtime(env), env);

        progress.step("Waiting for the runtime to be READY");
        RuntimeState state = new RuntimeControl(aws.agentCoreControl()).awaitReady(runtime.output(StackOutputs.RUNTIME_ID),
                context().pollInterval(), Duration.ofMinutes(timeoutMinutes), progress);

        progress.step("Smoke test: initialize and tools/list on DEFAULT, which serves the new version " + state.version());
        DeployedProxy proxy = new DeployedProxy(aws, foundation, runtime);
        int tools = new SmokeTest(proxy, new AppClients(foundation, definition), definition).on(DeployedProxy.DEFAULT_QUALIFIER);
        progress.detail("the proxy lists " + tools + " tools");

        printResult(env, proxy, runtime, state, pushed, definition);
        return ExitCode.OK;
    }

    private BuiltImage buildAndPush(AwsClients aws, Path jar, DeployedStack foundation, Progress progress) {
        ImageSettings settings = image.settings(context());
        Optional<Path> environments = image.environments(context());
        String tag = ImageTag.forInputs(jar, environments, settings);
        String reference = foundation.output(StackOutputs.ECR_REPOSITORY_URI) + ":" + tag;
        Optional<String> existing = EcrImages.digestOf(aws.ecr(), foundation.output(StackOutputs.ECR_REPOSITORY_NAME), tag);
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

    /**
     * The image, and the named endpoints where the previous deployment left them: a pinned endpoint moves only by
     * promote or rollback, never as a side effect of a deployment. Endpoints not deployed yet get the version
     * environment.yaml gives them (or the CDK app's default).
     */
    private static Map<String, String> runtimeContext(BuiltImage pushed, Optional<DeployedStack> previous,
            Optional<EnvironmentDefinition> definition, Progress progress) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(CdkContext.IMAGE_DIGEST, pushed.digest());
        EndpointVersions kept = previous.map(stack -> EndpointVersions.deployed(stack, definition))
                .orElse(new EndpointVersions(Map.of()));
        for (DeclaredEndpoint endpoint : definition.map(EnvironmentDefinition::endpoints).orElse(List.of())) {
            kept.of(endpoint.name()).ifPresent(version -> progress.detail("endpoint " + endpoint.name() + " stays on version "
                    + version + endpoint.version().filter(pinned -> pinned != version.intValue())
                            .map(pinned -> " (environment.yaml's version " + pinned + " applies only when the endpoint is"
                                    + " created; move it with promote or rollback)").orElse("")));
        }
        if (!kept.isEmpty()) {
            context.put(CdkContext.ENDPOINT_VERSIONS, kept.context());
        }
        return context;
    }

    private void printResult(String env, DeployedProxy proxy, DeployedStack runtime, RuntimeState state, BuiltImage image,
            Optional<EnvironmentDefinition> definition) {
        EndpointVersions endpoints = EndpointVersions.deployed(runtime, definition);
        // Clients of an environment with a production endpoint use it: DEFAULT serves each new version untested.
        Optional<Integer> production = endpoints.of(EndpointOption.PRODUCTION);
        String endpoint = proxy.endpoint(ClientConfig.clientEndpoint(endpoints)).toString();
        ObjectNode clientConfig = ClientConfig.forEndpoint(env, endpoint);
        if (json) {
            ObjectNode result = JSON.createObjectNode()
                    .put("environment", env)
                    .put("endpoint", endpoint)
                    .put("runtimeArn", runtime.output(StackOutputs.RUNTIME_ARN))
                    .put("runtimeVersion", state.version())
                    .put("imageDigest", image.digest());
            result.set("endpointVersions", JSON.valueToTree(endpoints.byName()));
            result.set("mcpClientConfig", clientConfig);
            context().out().println(result.toPrettyString());
            return;
        }
        context().out().println("Deployed environment " + env + ".");
        context().out().println("Endpoint: " + endpoint);
        context().out().println("Image:    " + image.pinnedReference());
        production.filter(live -> !String.valueOf(live).equals(state.version())).ifPresent(live -> context().out().println(
                "Version:  " + state.version() + " is on DEFAULT; endpoint " + EndpointOption.PRODUCTION + " still serves "
                        + live + ". Promote it with: mcp-proxy promote --env " + env));
        context().out().println();
        context().out().println("MCP client configuration (get the token with: " + ClientConfig.tokenCommand(env, AppClient.OPERATOR)
                + "; for an agent's own app client see `mcp-proxy client-config --help`):");
        context().out().println(clientConfig.toPrettyString());
    }
}
