package dev.mcpproxy.cdk.environment;

import java.util.List;

/** An environment definition is missing or invalid; synthesis stops before any construct is built. */
public class EnvironmentException extends RuntimeException {
    private final List<String> problems;

    public EnvironmentException(List<String> problems) {
        super("Invalid environment definition:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
