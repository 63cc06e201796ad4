package dev.mcpproxy.proxy;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code logging} section.
 *
 * @param level       root log level
 * @param debugBodies when true, JSON-RPC bodies are logged at DEBUG (never switch on in production:
 *                    bodies may carry personal data)
 */
public record LoggingConfig(String level, Boolean debugBodies) {

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public static final LoggingConfig DEFAULTS = new LoggingConfig(null, null);

    public LoggingConfig {
        level = level == null ? "INFO" : level.trim().toUpperCase(Locale.ROOT);
        debugBodies = debugBodies != null && debugBodies;
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(LEVELS.contains(level), key + ".level", "must be one of " + String.join(", ", LEVELS.stream().sorted().toList()));
    }
}
