package dev.mcpproxy.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies the {@code logging} section to logback, which writes one JSON object per line. */
final class LogLevels {
    private static final String BODIES_LOGGER = "dev.mcpproxy.proxy.bodies";

    private LogLevels() {
    }

    static void apply(LoggingConfig logging) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(logging.level(), Level.INFO));
        context.getLogger(BODIES_LOGGER).setLevel(logging.debugBodies() ? Level.DEBUG : Level.OFF);
    }
}
