package dev.mcpproxy.cli;

import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentCatalog;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import java.util.Optional;
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
        Optional<EnvironmentDefinition> definition = new EnvironmentCatalog(context().projectDir()).find(target.env());
        try (AwsClients aws = AwsClients.create(context(), target, definition.flatMap(EnvironmentDefinition::region))) {
            return run(aws, definition);
        }
    }

    /** @param definition the environment's definition in this project; empty when run outside a checkout */
    protected abstract int run(AwsClients aws, Optional<EnvironmentDefinition> definition);
}
