package dev.mcpproxy.cli;

import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --env}, {@code --profile}, {@code --region}: which deployment a command talks to. */
public final class AwsOptions {

    /** Environment names go into stack names and the runtime name, which allows no hyphens. */
    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private String env;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (default: the SDK's default chain).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION or the profile's).")
    String region;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV",
            description = "Environment name, e.g. dev or prod (lowercase letters and digits).")
    void setEnv(String value) {
        if (!ENV_NAME.matcher(value).matches()) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--env': '" + value
                    + "' is not an environment name (1-16 lowercase letters and digits, starting with a letter)");
        }
        env = value;
    }

    public String env() {
        return env;
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }
}
