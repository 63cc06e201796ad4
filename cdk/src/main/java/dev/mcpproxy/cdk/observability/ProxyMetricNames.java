package dev.mcpproxy.cdk.observability;

/**
 * The proxy's EMF metrics as the proxy writes them ({@code dev.mcpproxy.proxy.telemetry.ProxyMetrics}; the CDK
 * module does not depend on the proxy, so the names are repeated here and documented in docs/observability.md).
 */
final class ProxyMetricNames {
    static final String NAMESPACE = "AgentCoreMcpProxy";
    static final String ENVIRONMENT = "Environment";

    static final String REQUESTS = "Requests";
    static final String REQUEST_ERRORS = "RequestErrors";
    static final String REQUEST_LATENCY = "RequestLatency";
    static final String TOOL_CALLS = "ToolCalls";
    static final String DENIALS = "Denials";
    static final String PII_DETECTIONS = "PiiDetections";
    static final String PII_PATH_DETECTIONS = "PiiPathDetections";
    static final String UPSTREAM_LATENCY = "UpstreamLatency";
    static final String UPSTREAM_ERRORS = "UpstreamErrors";
    static final String CIRCUIT_OPEN = "CircuitOpen";

    private ProxyMetricNames() {
    }
}
