package dev.mcpproxy.cli.deploy;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.cdk.CdkToolkit;
import dev.mcpproxy.cli.stack.StackReader;
import dev.mcpproxy.contracts.StackNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Removes an environment after confirmation, keeping what it must retain.",
            "Deletes the runtime stack, then the foundation stack.",
            "Resources the environment marks to be retained (e.g. audit logs in production) are kept and listed."})
public final class DestroyCommand extends AwsCommand {

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        String env = target.env();
        StackReader stacks = new StackReader(aws.cloudFormation(), aws.region().id());
        List<String> existing = new ArrayList<>();
        for (String name : List.of(StackNames.runtime(env), StackNames.foundation(env))) {
            stacks.find(name).ifPresent(stack -> existing.add(stack.name()));
        }
        if (existing.isEmpty()) {
            throw new CliException(ExitCode.NOT_DEPLOYED, "environment '" + env + "' is not deployed in "
                    + aws.region().id() + ": nothing to destroy");
        }
        List<RetainedResources.Retained> retained = new ArrayList<>();
        for (String name : existing) {
            retained.addAll(RetainedResources.of(aws.cloudFormation(), name));
        }
        if (!yes) {
            confirm(env, aws.region().id(), existing, retained);
        }
        Progress progress = new Progress(context().err());
        progress.step("Destroying " + String.join(", ", existing));
        new CdkToolkit(context(), aws.region().id(), aws.profile(), progress).destroy(existing, env);
        context().out().println("Destroyed environment " + env + " (" + String.join(", ", existing) + ").");
        if (retained.isEmpty()) {
            context().out().println("Nothing was retained.");
        } else {
            context().out().println("Kept, as the environment requires (delete by hand when no longer needed):");
            retained.forEach(r -> context().out().println("  " + r.type() + " " + r.physicalId() + " (" + r.logicalId() + ")"));
        }
        return ExitCode.OK;
    }

    private void confirm(String env, String region, List<String> stackNames, List<RetainedResources.Retained> retained) {
        var err = context().err();
        err.println("This deletes environment '" + env + "' in " + region + ": " + String.join(", ", stackNames) + ".");
        if (!retained.isEmpty()) {
            err.println("It keeps " + retained.size() + " retained resource(s), e.g. "
                    + retained.get(0).type() + " " + retained.get(0).physicalId() + ".");
        }
        err.print("Type the environment name to confirm: ");
        err.flush();
        String answer;
        try {
            answer = context().in().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.trim().equals(env)) {
            throw new CliException(ExitCode.NOT_CONFIRMED, "not confirmed: nothing was deleted"
                    + (answer == null ? " (no input; pass --yes to skip confirmation)" : ""));
        }
    }
}
