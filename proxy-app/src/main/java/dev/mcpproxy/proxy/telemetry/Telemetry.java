package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.contracts.EnvironmentVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's metrics and traces, built once from {@link TelemetryConfig}. The request path starts
 * an {@link InboundCall} per JSON-RPC request; governance and upstream calls find it as
 * {@link InboundCall#current()}.
 */
public final class Telemetry implements AutoCloseable {
    /** EMF documents go to this logger, which logback writes as bare lines to stdout. */
    public static final String EMF_LOGGER = "dev.mcpproxy.proxy.metrics";

    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
    private static final Telemetry OFF = new Telemetry(new ProxyMetrics(Metrics.disabled()), Tracing.off(), null);

    private final ProxyMetrics metrics;
    private final Tracing tracing;
    private final ScheduledExecutorService flusher;

    private Telemetry(ProxyMetrics metrics, Tracing tracing, ScheduledExecutorService flusher) {
        this.metrics = metrics;
        this.tracing = tracing;
        this.flusher = flusher;
    }

    public static Telemetry off() {
        return OFF;
    }

    /** Telemetry without a background flush (tests flush the metrics themselves). */
    public static Telemetry of(Metrics metrics, Tracing tracing) {
        return new Telemetry(new ProxyMetrics(metrics), tracing, null);
    }

    /** Metrics flushed every {@code flushSeconds} to {@value #EMF_LOGGER}, traces as the environment says. */
    public static Telemetry start(TelemetryConfig config, Map<String, String> environment) {
        Logger emf = LoggerFactory.getLogger(EMF_LOGGER);
        MetricsConfig metricsConfig = config.metrics()
                .withDefaultEnvironment(environment.get(EnvironmentVariables.ENV));
        Metrics metrics = Metrics.emf(metricsConfig, emf::info, Clock.systemUTC());
        ScheduledExecutorService flusher = null;
        if (metrics.enabled()) {
            flusher = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("metrics-flush").factory());
            flusher.scheduleAtFixedRate(() -> flushQuietly(metrics), metricsConfig.flushSeconds(),
                    metricsConfig.flushSeconds(), TimeUnit.SECONDS);
        }
        return new Telemetry(new ProxyMetrics(metrics), Tracing.fromEnvironment(config.tracing(), environment),
                flusher);
    }

    private static void flushQuietly(Metrics metrics) {
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            log.warn("Metrics flush failed: {}", e.toString());
        }
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public Tracing tracing() {
        return tracing;
    }

    /**
     * Starts the server span and the measurement of one JSON-RPC request, as the current call until
     * it is closed. The span continues the trace context current on this thread (the caller's
     * {@code traceparent}).
     */
    public InboundCall inbound(String method, JsonNode requestId, String sessionId, String principalId,
                               String protocolVersion) {
        return InboundCall.start(this, method, requestId, sessionId, principalId, protocolVersion);
    }

    /** Writes the last metrics and flushes the spans of the SDK this instance created. */
    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flushQuietly(metrics.metrics());
        }
        tracing.close();
    }
}
