package dev.mcpproxy.proxy.config;

import java.util.List;

/** Configuration is invalid. Each problem names its key, e.g. {@code upstreams[1].url: must be an http(s) URL}. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
