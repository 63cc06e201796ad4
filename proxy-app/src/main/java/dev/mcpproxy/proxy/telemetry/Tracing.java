package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the proxy's spans go. The spans are explicit (OpenTelemetry API); the SDK behind them is
 * either the one an attached OpenTelemetry/ADOT Java agent installed, or the SDK configured here from
 * the standard {@code OTEL_*} variables: OTLP http/protobuf once an endpoint or exporter is named,
 * otherwise the configured local exporter ({@code none} or {@code logging}).
 */
public final class Tracing implements AutoCloseable {
    static final String INSTRUMENTATION_SCOPE = "dev.mcpproxy.proxy";

    /** Any of these means the operator chose an exporter; without them the local default applies. */
    private static final List<String> EXPORTER_VARIABLES = List.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_TRACES_EXPORTER");
    private static final List<String> EXPORTER_PROPERTIES = List.of("otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.traces.endpoint", "otel.traces.exporter");

    private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);

    private final Tracer tracer;
    private final OpenTelemetrySdk ownedSdk;

    private Tracing(OpenTelemetry openTelemetry, OpenTelemetrySdk ownedSdk) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.ownedSdk = ownedSdk;
    }

    /** No spans; inbound trace context still flows to the upstreams unchanged. */
    public static Tracing off() {
        return OFF;
    }

    /** Spans through a given OpenTelemetry instance (tests: an SDK with an in-memory exporter). */
    public static Tracing using(OpenTelemetry openTelemetry) {
        return new Tracing(openTelemetry, null);
    }

    /** Tracing as configured by the {@code telemetry.tracing} section and the environment. */
    public static Tracing fromEnvironment(TracingConfig config, Map<String, String> environment) {
        if (!config.enabled()) {
            return OFF;
        }
        if (GlobalOpenTelemetry.isSet()) {
            return using(GlobalOpenTelemetry.get());
        }
        boolean exporterChosen = EXPORTER_VARIABLES.stream().anyMatch(name -> isSet(environment.get(name)))
                || EXPORTER_PROPERTIES.stream().anyMatch(name -> isSet(System.getProperty(name)));
        if (!exporterChosen && "none".equals(config.localExporter())) {
            // Nowhere to send spans: the SDK would hand out its no-op tracer anyway, after ~100 ms of set-up.
            return OFF;
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", config.serviceName());
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        // Metrics go out as EMF lines and logs through SLF4J; the SDK only exports traces unless told.
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        if (!exporterChosen) {
            defaults.put("otel.traces.exporter", config.localExporter());
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        return new Tracing(sdk, sdk);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    public Tracer tracer() {
        return tracer;
    }

    /** Flushes and stops the SDK this instance created (an agent's or a test's is left alone). */
    @Override
    public void close() {
        if (ownedSdk != null) {
            ownedSdk.close();
        }
    }
}
