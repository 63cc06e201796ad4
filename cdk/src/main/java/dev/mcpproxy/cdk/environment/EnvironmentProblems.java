package dev.mcpproxy.cdk.environment;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of one environment definition so that synthesis reports them all at once,
 * each naming the environment, the key and the rule it broke.
 */
public final class EnvironmentProblems {
    private final String environment;
    private final List<String> problems = new ArrayList<>();

    public EnvironmentProblems(String environment) {
        this.environment = environment;
    }

    public EnvironmentProblems add(String key, String rule) {
        problems.add("environment '" + environment + "': " + key + ": " + rule);
        return this;
    }

    /** Adds a problem when {@code ok} is false; returns {@code ok}. */
    public boolean check(boolean ok, String key, String rule) {
        if (!ok) {
            add(key, rule);
        }
        return ok;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new EnvironmentException(problems);
        }
    }
}
