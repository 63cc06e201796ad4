package dev.mcpproxy.cli.cdk;

import dev.mcpproxy.cli.AwsCommand;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.Progress;
import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.contracts.CdkContext;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Synthesizes both stacks of an environment and checks them with cdk-nag.",
            "Writes cdk.out and deploys nothing, so a deployment is never the first check",
            "of a template. The Runtime stack needs an image: without --image-digest it",
            "pins a placeholder digest, which synthesizes and checks everything but",
            "cannot be deployed."})
public final class SynthCommand extends AwsCommand {

    /** Syntactically a digest, naming no image: templates synthesized with it are for checking only. */
    static final String PLACEHOLDER_DIGEST = "sha256:" + "0".repeat(64);

    @Option(names = "--image-digest", paramLabel = "sha256:HEX",
            description = "The image the Runtime stack pins (default: a placeholder digest, for checking only).")
    String imageDigest;

    @Override
    protected int run(AwsClients aws, Optional<EnvironmentDefinition> definition) {
        if (imageDigest != null && !imageDigest.matches("sha256:[0-9a-f]{64}")) {
            throw new CliException(ExitCode.USAGE, "--image-digest '" + imageDigest
                    + "' is not an image digest (sha256: and 64 lowercase hex digits)");
        }
        Progress progress = new Progress(context().err());
        String digest = imageDigest == null ? PLACEHOLDER_DIGEST : imageDigest;
        progress.step("Synthesizing and checking the Foundation and Runtime stacks of environment " + target.env() + " ("
                + aws.region().id() + ")" + (imageDigest == null ? " with a placeholder image digest" : " with image " + digest));
        new CdkToolkit(context(), aws.region().id(), aws.profile(), progress).synth(target.env(), Map.of(CdkContext.IMAGE_DIGEST, digest));
        progress.step("Templates written to " + context().projectDir().resolve("cdk.out") + " (cdk-nag reported no errors)");
        return ExitCode.OK;
    }
}
