package dev.mcpproxy.cli.promote;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.runtime.EndpointOption;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Promotes a runtime version to production, tested on the canary first.",
            "DEFAULT always serves the newest version (the service moves it on every",
            "runtime update; it cannot be pinned), so production clients use a named",
            "endpoint (default: live). In order: pins the canary endpoint to the version",
            "(default: the newest), smoke-tests it there, moves the production endpoint",
            "to it and smoke-tests that; when that test fails, production moves back.",
            "Endpoints move through the runtime stack (cdk deploy with the same image),",
            "so CloudFormation stays their one owner.",
            "Undo with: mcp-proxy rollback --env ENV --to PREVIOUS"})
public final class PromoteCommand extends AwsCommand {

    @Option(names = "--runtime-version", paramLabel = "N",
            description = "The runtime version to promote (default: the newest, the one the last deploy created).")
    Integer version;

    @Option(names = "--canary", defaultValue = EndpointOption.CANARY, paramLabel = "NAME",
            description = "The endpoint the version is smoke-tested on first (default: ${DEFAULT-VALUE}).")
    String canary;

    @Option(names = "--endpoint", defaultValue = EndpointOption.PRODUCTION, paramLabel = "NAME",
            description = "The production endpoint to move (default: ${DEFAULT-VALUE}).")
    String production;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "MINUTES",
            description = "How long to wait for each endpoint to serve the version (default: ${DEFAULT-VALUE}).")
    long timeoutMinutes;

    @Option(names = "--json", description = "Print the result (endpoint, previous and new version, undo command) as JSON.")
    boolean json;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        EndpointOption.check("--canary", canary);
        EndpointOption.check("--endpoint", production);
        if (canary.equals(production)) {
            throw new CliException(ExitCode.USAGE, "--canary and --endpoint must be two endpoints, both are '" + canary + "'");
        }
        String env = target.env();
        Progress progress = new Progress(context().err());
        Rollout rollout = Rollout.open(context(), aws, env, definition, Duration.ofMinutes(timeoutMinutes), progress);
        int previous = rollout.requireEndpoint("--endpoint", production);
        rollout.requireEndpoint("--canary", canary);
        int promoted = version == null ? rollout.newestVersion() : rollout.requireVersion("--runtime-version", version);
        String undo = "mcp-proxy rollback --env " + env + " --to " + previous + (production.equals(EndpointOption.PRODUCTION) ? "" : " --endpoint " + production);
        if (previous == promoted) {
            Rollout.report(context(), json, env, production, previous, promoted, undo);
            return ExitCode.OK;
        }

        if (rollout.versionOf(canary) != promoted) {
            rollout.move(canary, promoted);
        }
        progress.step("Smoke test of version " + promoted + " on endpoint " + canary);
        progress.detail("the proxy lists " + rollout.smokeTest(canary) + " tools");

        rollout.move(production, promoted);
        progress.step("Smoke test of version " + promoted + " on endpoint " + production);
        try {
            progress.detail("the proxy lists " + rollout.smokeTest(production) + " tools");
        } catch (CliException failed) {
            progress.step("Moving " + production + " back to version " + previous);
            rollout.move(production, previous);
            throw new CliException(ExitCode.SMOKE_TEST_FAILED, failed.getMessage() + " Endpoint " + production
                    + " was moved back to version " + previous + ".", failed);
        }
        Rollout.report(context(), json, env, production, previous, promoted, undo);
        return ExitCode.OK;
    }
}
