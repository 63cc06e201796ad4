package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.contracts.MetricNames;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static dev.mcpproxy.contracts.MetricNames.AUDIT_EVENTS_DROPPED;
import static dev.mcpproxy.contracts.MetricNames.CIRCUIT_OPEN;
import static dev.mcpproxy.contracts.MetricNames.DENIALS;
import static dev.mcpproxy.contracts.MetricNames.DIRECTION;
import static dev.mcpproxy.contracts.MetricNames.METHOD;
import static dev.mcpproxy.contracts.MetricNames.OUTCOME;
import static dev.mcpproxy.contracts.MetricNames.PII_DETECTIONS;
import static dev.mcpproxy.contracts.MetricNames.PII_PATH_DETECTIONS;
import static dev.mcpproxy.contracts.MetricNames.PII_TYPE;
import static dev.mcpproxy.contracts.MetricNames.POLICY;
import static dev.mcpproxy.contracts.MetricNames.POLICY_DENIALS;
import static dev.mcpproxy.contracts.MetricNames.REQUESTS;
import static dev.mcpproxy.contracts.MetricNames.REQUEST_ERRORS;
import static dev.mcpproxy.contracts.MetricNames.REQUEST_LATENCY;
import static dev.mcpproxy.contracts.MetricNames.STAGE;
import static dev.mcpproxy.contracts.MetricNames.TOKEN_REFRESHES;
import static dev.mcpproxy.contracts.MetricNames.TOOL;
import static dev.mcpproxy.contracts.MetricNames.TOOL_CALLS;
import static dev.mcpproxy.contracts.MetricNames.UPSTREAM;
import static dev.mcpproxy.contracts.MetricNames.UPSTREAM_ERRORS;
import static dev.mcpproxy.contracts.MetricNames.UPSTREAM_LATENCY;

/**
 * The proxy's metric catalogue on top of {@link Metrics}: units and dimensions of the metrics named
 * in {@link MetricNames}, which the CDK dashboard and alarms read. Dimension values are methods,
 * tool names, stage names, PII types, upstream names: all bounded by configuration, never
 * caller-chosen ids.
 */
public final class ProxyMetrics {
    /** Names configuration may not use for fixed dimensions. */
    static final Set<String> DIMENSION_NAMES = Set.of(METHOD, OUTCOME, TOOL, STAGE, POLICY, PII_TYPE, UPSTREAM,
            DIRECTION);

    private final Metrics metrics;

    public ProxyMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** One JSON-RPC request the proxy answered, whatever the outcome. */
    public void request(String method, Outcome outcome, double millis) {
        metrics.count(REQUESTS, Dimensions.of(METHOD, method, OUTCOME, outcome.value()));
        if (outcome.isFailure()) {
            metrics.count(REQUEST_ERRORS, Dimensions.of(METHOD, method));
        }
        metrics.record(REQUEST_LATENCY, Unit.MILLISECONDS, millis, Dimensions.of(METHOD, method));
    }

    public void toolCall(String tool, Outcome outcome) {
        metrics.count(TOOL_CALLS, Dimensions.of(TOOL, tool, OUTCOME, outcome.value()));
    }

    /** A governance stage rejected a request; {@code outcome} says how (denied, invalid, rate_limited...). */
    public void denial(String stage, Outcome outcome) {
        metrics.count(DENIALS, Dimensions.of(STAGE, stage, OUTCOME, outcome.value()));
    }

    public void policyDenial(String policyId) {
        metrics.count(POLICY_DENIALS, Dimensions.of(POLICY, policyId));
    }

    public void piiDetections(String type, long count) {
        metrics.count(PII_DETECTIONS, count, Dimensions.of(PII_TYPE, type));
    }

    public void upstreamCall(String upstream, double millis, boolean failed) {
        metrics.record(UPSTREAM_LATENCY, Unit.MILLISECONDS, millis, Dimensions.of(UPSTREAM, upstream));
        if (failed) {
            metrics.count(UPSTREAM_ERRORS, Dimensions.of(UPSTREAM, upstream));
        }
    }

    /** For the upstream authenticators: a token was fetched or refreshed. */
    public void tokenRefresh(String upstream) {
        metrics.count(TOKEN_REFRESHES, Dimensions.of(UPSTREAM, upstream));
    }

    /** For the resilience layer: 1 while the upstream's circuit is open, read at every flush. */
    public void circuitState(String upstream, BooleanSupplier open) {
        metrics.gauge(CIRCUIT_OPEN, Unit.NONE, Dimensions.of(UPSTREAM, upstream), () -> open.getAsBoolean() ? 1 : 0);
    }

    /**
     * For the audit trail: the events it dropped since the previous flush (from a running total
     * read at every flush), so that a sum over any period is what that period lost.
     */
    public void auditEventsDropped(LongSupplier droppedSoFar) {
        AtomicLong reported = new AtomicLong();
        metrics.gauge(AUDIT_EVENTS_DROPPED, Unit.COUNT, Dimensions.NONE, () -> {
            long total = droppedSoFar.getAsLong();
            return total - reported.getAndSet(total);
        });
    }

    /**
     * The PII stage's detections as metrics: by type, and by method and direction ({@code inbound}
     * for data the caller sent, {@code outbound} for data the upstream sent).
     */
    public void piiDetections(String method, RequestFacts facts) {
        piiDetections(method, "inbound", facts.inboundPii());
        piiDetections(method, "outbound", facts.outboundPii());
    }

    private void piiDetections(String method, String direction, Map<String, Integer> detected) {
        long total = 0;
        for (Map.Entry<String, Integer> entry : detected.entrySet()) {
            piiDetections(entry.getKey(), entry.getValue());
            total += entry.getValue();
        }
        if (total > 0) {
            metrics.count(PII_PATH_DETECTIONS, total, Dimensions.of(METHOD, method, DIRECTION, direction));
        }
    }
}
