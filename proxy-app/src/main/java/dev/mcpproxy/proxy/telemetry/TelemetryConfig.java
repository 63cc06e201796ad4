package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.proxy.config.ConfigProblems;

/**
 * The {@code telemetry} section: CloudWatch metrics as Embedded Metric Format lines, and traces
 * through the OpenTelemetry SDK (exporters from the standard {@code OTEL_*} variables).
 */
public record TelemetryConfig(MetricsConfig metrics, TracingConfig tracing) {

    public static final TelemetryConfig DEFAULTS = new TelemetryConfig(null, null);

    public TelemetryConfig {
        metrics = metrics == null ? MetricsConfig.DEFAULTS : metrics;
        tracing = tracing == null ? TracingConfig.DEFAULTS : tracing;
    }

    public void validate(String key, ConfigProblems problems) {
        metrics.validate(key + ".metrics", problems);
        tracing.validate(key + ".tracing", problems);
    }
}
