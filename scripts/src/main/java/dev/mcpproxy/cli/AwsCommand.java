package dev.mcpproxy.cli;

import dev.mcpproxy.cli.aws.AwsClients;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** A command that talks to one deployed environment: opens the AWS clients, runs, closes them. */
public abstract class AwsCommand implements Callable<Integer> {

    @ParentCommand
    private McpProxyCli root;

    @Mixin
    protected AwsOptions target;

    protected CliContext context() {
        return root.context();
    }

    @Override
    public final Integer call() {
        try (AwsClients aws = AwsClients.create(context(), target)) {
            return run(aws);
        }
    }

    protected abstract int run(AwsClients aws);
}
