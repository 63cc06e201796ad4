package dev.mcpproxy.cli.promote;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.runtime.EndpointOption;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Moves the production endpoint back to an earlier version and tests it.",
            "`promote` prints the exact command. DEFAULT cannot be rolled back: it always",
            "serves the newest version. The endpoint moves through the runtime stack",
            "(cdk deploy with the same image), like promote."})
public final class RollbackCommand extends AwsCommand {

    @Option(names = "--to", required = true, paramLabel = "VERSION",
            description = "The runtime version the endpoint should serve again (`status` lists where endpoints are).")
    int to;

    @Option(names = "--endpoint", defaultValue = EndpointOption.PRODUCTION, paramLabel = "NAME",
            description = "The endpoint to move (default: ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "MINUTES",
            description = "How long to wait for the endpoint to serve the version (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--json", description = "Print the result (endpoint, previous and new version, undo command) as JSON.")
    boolean json;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        EndpointOption.check("--endpoint", endpoint);
        String env = target.env();
        Progress progress = new Progress(context().err());
        Rollout rollout = Rollout.open(context(), aws, env, definition, Duration.ofMinutes(timeoutMinutes), progress);
        int current = rollout.requireEndpoint("--endpoint", endpoint);
        int version = rollout.requireVersion("--to", to);
        String undo = "mcp-proxy promote --env " + env + " --runtime-version " + current + (endpoint.equals(EndpointOption.PRODUCTION) ? "" : " --endpoint " + endpoint);
        if (current != version) {
            rollout.move(endpoint, version);
            progress.step("Smoke test of version " + version + " on endpoint " + endpoint);
            progress.detail("the proxy lists " + rollout.smokeTest(endpoint) + " tools");
        }
        Rollout.report(context(), json, env, endpoint, current, version, undo);
        return ExitCode.OK;
    }
}
