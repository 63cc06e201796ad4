package dev.mcpproxy.proxy.config;

import java.util.ArrayList;
import java.util.List;

/** Collects every configuration problem so that startup reports them all at once, each with its key. */
public final class ConfigProblems {
    private final List<String> problems = new ArrayList<>();

    public ConfigProblems add(String key, String problem) {
        problems.add(key + ": " + problem);
        return this;
    }

    /** Adds a problem when {@code ok} is false; returns {@code ok}. */
    public boolean check(boolean ok, String key, String problem) {
        if (!ok) {
            add(key, problem);
        }
        return ok;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
