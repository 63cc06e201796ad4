package dev.mcpproxy.cli.cdk;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Synthesizes the CDK app for an environment (writes cdk.out; deploys nothing).")
public final class SynthCommand extends AwsCommand {

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        Progress progress = new Progress(context().err());
        progress.step("Synthesizing the CDK app for environment " + target.env() + " (" + aws.region() + ")");
        new CdkToolkit(context(), aws.region().id(), aws.profile(), progress).synth(target.env());
        progress.step("Templates written to " + context().projectDir().resolve("cdk.out"));
        return ExitCode.OK;
    }
}
