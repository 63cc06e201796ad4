package dev.mcpproxy.cli.runtime;

import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import java.util.regex.Pattern;

/** Names of runtime endpoints as the service allows them ({@code DEFAULT} and the environment's named ones). */
public final class EndpointOption {

    /** The endpoint production clients use, by convention; {@code --endpoint} names another. */
    public static final String PRODUCTION = "live";
    /** The endpoint a version is tested on before production moves, by convention; {@code --canary} names another. */
    public static final String CANARY = "canary";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,47}");

    private EndpointOption() {}

    /** @param option the option that named it, for the message */
    public static String check(String option, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new CliException(ExitCode.USAGE, option + " '" + name + "' is not an endpoint name (a letter, then up to 47"
                    + " letters, digits or underscores, e.g. DEFAULT, canary, live)");
        }
        return name;
    }
}
