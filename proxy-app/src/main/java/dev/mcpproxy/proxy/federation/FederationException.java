package dev.mcpproxy.proxy.federation;

import java.util.List;

/** The upstreams' lists cannot be merged at startup: name collisions or names that are too long. */
public class FederationException extends RuntimeException {
    private final List<String> problems;

    public FederationException(List<String> problems) {
        super("Cannot federate the upstreams:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
