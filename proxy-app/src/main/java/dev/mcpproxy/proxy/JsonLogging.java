package dev.mcpproxy.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.mcpproxy.proxy.telemetry.Telemetry;

/**
 * The proxy's logging, set up in code rather than from an XML file: parsing logback's XML
 * configuration loads an XML parser and a few hundred classes, a noticeable part of the cold start.
 * One JSON object per line on stdout (what AgentCore ships to CloudWatch), with the formatted
 * message only, never its arguments: they could carry bodies or secrets. A logback configuration
 * named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} (tests), still wins.
 */
public final class JsonLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || JsonLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMarkers(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        PatternLayoutEncoder bare = new PatternLayoutEncoder();
        bare.setPattern("%msg%n");

        // CloudWatch Embedded Metric Format documents must be the whole log event: bare lines.
        Logger metrics = context.getLogger(Telemetry.EMF_LOGGER);
        metrics.setLevel(Level.INFO);
        metrics.setAdditive(false);
        metrics.addAppender(stdout(context, "EMF", bare));
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        // Its warnings quote the Host header a client sent (the proxy validates Host itself).
        context.getLogger("org.eclipse.jetty.util.HostPort").setLevel(Level.ERROR);
        context.getLogger("dev.mcpproxy.proxy.bodies").setLevel(Level.OFF);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stdout(context, "JSON", json));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stdout(LoggerContext context, String name,
                                                         Encoder<ILoggingEvent> encoder) {
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
