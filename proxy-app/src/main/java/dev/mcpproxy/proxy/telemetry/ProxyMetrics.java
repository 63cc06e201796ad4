package dev.mcpproxy.proxy.telemetry;

import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The proxy's metric catalogue on top of {@link Metrics}: names, units and dimensions in one place
 * (the CDK dashboard and alarms use the same names). Dimension values are methods, tool names,
 * stage names, PII types, upstream names: all bounded by configuration, never caller-chosen ids.
 */
public final class ProxyMetrics {
    public static final String REQUESTS = "Requests";
    public static final String REQUEST_ERRORS = "RequestErrors";
    public static final String REQUEST_LATENCY = "RequestLatency";
    public static final String TOOL_CALLS = "ToolCalls";
    public static final String DENIALS = "Denials";
    public static final String POLICY_DENIALS = "PolicyDenials";
    public static final String PII_DETECTIONS = "PiiDetections";
    public static final String PII_PATH_DETECTIONS = "PiiPathDetections";
    public static final String UPSTREAM_LATENCY = "UpstreamLatency";
    public static final String UPSTREAM_ERRORS = "UpstreamErrors";
    public static final String TOKEN_REFRESHES = "TokenRefreshes";
    public static final String CIRCUIT_OPEN = "CircuitOpen";

    public static final String METHOD = "Method";
    public static final String OUTCOME = "Outcome";
    public static final String TOOL = "Tool";
    public static final String STAGE = "Stage";
    public static final String POLICY = "Policy";
    public static final String PII_TYPE = "PiiType";
    public static final String UPSTREAM = "Upstream";
    public static final String DIRECTION = "Direction";

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
