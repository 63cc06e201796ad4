package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code telemetry.tracing} section. Where spans go is decided by the standard {@code OTEL_*}
 * environment variables: OTLP (http/protobuf) when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or the
 * traces-specific one, or {@code OTEL_TRACES_EXPORTER}) is set; otherwise {@code localExporter}.
 *
 * @param enabled       when false no span is recorded (an inbound {@code traceparent} still reaches
 *                      the upstreams unchanged)
 * @param serviceName   {@code service.name} unless {@code OTEL_SERVICE_NAME} says otherwise
 * @param localExporter without an OTLP endpoint: {@code none} or {@code logging} (spans as log lines)
 */
public record TracingConfig(Boolean enabled, String serviceName, String localExporter) {

    public static final TracingConfig DEFAULTS = new TracingConfig(null, null, null);
    private static final Set<String> LOCAL_EXPORTERS = Set.of("none", "logging");

    public TracingConfig {
        enabled = enabled == null || enabled;
        serviceName = serviceName == null ? "agentcore-mcp-proxy" : serviceName;
        localExporter = localExporter == null ? "none" : localExporter.trim().toLowerCase(Locale.ROOT);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(!serviceName.isBlank(), key + ".serviceName", "must not be blank");
        problems.check(LOCAL_EXPORTERS.contains(localExporter), key + ".localExporter", "must be none or logging");
    }
}
