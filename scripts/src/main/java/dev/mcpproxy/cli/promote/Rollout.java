package dev.mcpproxy.cli.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.CliContext;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.cdk.CdkToolkit;
import dev.mcpproxy.cli.deploy.SmokeTest;
import dev.mcpproxy.cli.environment.EnvironmentCatalog;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.environment.EnvironmentDefinition.DeclaredEndpoint;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.runtime.RuntimeControl;
import dev.mcpproxy.cli.runtime.RuntimeState;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import dev.mcpproxy.contracts.StackOutputs;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What promote and rollback share: the deployed runtime, its newest version and image, where its named endpoints
 * are, how to move one and how to smoke-test one.
 */
final class Rollout {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String env;
    private final EnvironmentDefinition definition;
    private final DeployedStack runtime;
    private final int newestVersion;
    private final EndpointMover mover;
    private final SmokeTest smokeTest;
    private EndpointVersions versions;

    private Rollout(String env, EnvironmentDefinition definition, DeployedStack runtime, int newestVersion,
            EndpointMover mover, SmokeTest smokeTest) {
        this.env = env;
        this.definition = definition;
        this.runtime = runtime;
        this.newestVersion = newestVersion;
        this.mover = mover;
        this.smokeTest = smokeTest;
        this.versions = EndpointVersions.deployed(runtime, Optional.of(definition));
    }

    static Rollout open(CliContext context, AwsClients aws, String env, Optional<EnvironmentDefinition> found,
            Duration timeout, Progress progress) {
        EnvironmentDefinition definition = found.orElseThrow(() -> new CliException(ExitCode.USAGE,
                "moving endpoints redeploys the runtime stack, which needs the project checkout (cdk.json and "
                        + EnvironmentCatalog.DIRECTORY + "/" + env + "/environment.yaml): run the CLI from the project's"
                        + " root or set MCP_PROXY_HOME to it"));
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());
        DeployedStack foundation = stacks.require(StackNames.foundation(env), env);
        DeployedStack runtime = stacks.require(StackNames.runtime(env), env);
        String runtimeId = runtime.output(StackOutputs.RUNTIME_ID);
        RuntimeControl control = new RuntimeControl(aws.agentCoreControl());
        RuntimeState state = control.state(runtimeId);
        if (!state.isReady()) {
            throw new CliException(ExitCode.DEPLOY_FAILED, "runtime " + runtimeId + " is " + state.status()
                    + ", not READY: wait for it (`mcp-proxy status`) or fix it with `mcp-proxy deploy` first");
        }
        if (state.version() == null || !state.version().matches("[1-9][0-9]{0,4}")) {
            throw new CliException(ExitCode.AWS_ERROR, "runtime " + runtimeId + " reports no version (GetAgentRuntime"
                    + " answered '" + state.version() + "'); check it with `mcp-proxy status`");
        }
        String digest = state.imageDigest().or(() -> Optional.ofNullable(runtime.outputs().get(StackOutputs.IMAGE_URI))
                        .filter(uri -> uri.contains("@sha256:")).map(uri -> uri.substring(uri.indexOf('@') + 1)))
                .orElseThrow(() -> new CliException(ExitCode.NOT_DEPLOYED, "runtime " + runtimeId
                        + " is not pinned to an image digest: redeploy it with `mcp-proxy deploy --env " + env + "`"));
        CdkToolkit cdk = new CdkToolkit(context, aws.region().id(), aws.profile(), progress);
        EndpointMover mover = new EndpointMover(cdk, control, env, runtimeId, digest, state.version(),
                context.pollInterval(), timeout, progress);
        SmokeTest smokeTest = new SmokeTest(new DeployedProxy(aws, foundation, runtime), new AppClients(foundation, found), found);
        return new Rollout(env, definition, runtime, Integer.parseInt(state.version()), mover, smokeTest);
    }

    /** @return the version the endpoint serves now; fails when the environment does not declare or deploy it */
    int requireEndpoint(String option, String endpoint) {
        Optional<DeclaredEndpoint> declared = definition.endpoint(endpoint);
        if (declared.isEmpty()) {
            String names = definition.endpoints().stream().map(DeclaredEndpoint::name).collect(Collectors.joining(", "));
            throw new CliException(ExitCode.USAGE, option + ": environment " + env + " declares no endpoint '" + endpoint + "' ("
                    + (names.isEmpty() ? "it declares none" : "it declares " + names) + " under runtime.endpoints in"
                    + " environment.yaml). DEFAULT always serves the newest version and cannot be pinned, so promotion"
                    + " needs a named endpoint for production traffic and one for the canary.");
        }
        return versions.of(endpoint).orElseThrow(() -> new CliException(ExitCode.NOT_DEPLOYED, "endpoint " + endpoint
                + " is declared in environment.yaml but stack " + runtime.name() + " reports no "
                + StackOutputs.endpointVersion(endpoint) + ": deploy it first with `mcp-proxy deploy --env " + env + "`"));
    }

    /** A version a named endpoint can serve: an existing one, 1 to the newest. */
    int requireVersion(String option, int version) {
        if (version < 1 || version > newestVersion) {
            throw new CliException(ExitCode.USAGE, option + " " + version + ": the runtime's versions are 1 to "
                    + newestVersion + " (every deployment that changes the runtime adds one)");
        }
        return version;
    }

    int newestVersion() {
        return newestVersion;
    }

    int versionOf(String endpoint) {
        return versions.of(endpoint).orElseThrow();
    }

    void move(String endpoint, int version) {
        versions = mover.move(versions, endpoint, version);
    }

    int smokeTest(String endpoint) {
        return smokeTest.on(endpoint);
    }

    /** The outcome, as text or JSON: which endpoint moved from where to where, and the command that undoes it. */
    static void report(CliContext context, boolean json, String env, String endpoint, int from, int to, String undo) {
        if (json) {
            ObjectNode result = JSON.createObjectNode().put("environment", env).put("endpoint", endpoint)
                    .put("previousVersion", from).put("version", to).put("undo", undo);
            context.out().println(result.toPrettyString());
            return;
        }
        context.out().println(from == to
                ? "Endpoint " + endpoint + " of environment " + env + " already serves version " + to + "; nothing moved."
                : "Endpoint " + endpoint + " of environment " + env + " moved from version " + from + " to " + to + ".");
        context.out().println("Undo: " + undo);
    }
}
