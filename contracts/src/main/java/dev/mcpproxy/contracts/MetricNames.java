package dev.mcpproxy.contracts;

/**
 * The proxy's EMF metrics (documented in {@code docs/observability.md}): the proxy writes them, the CDK app's
 * dashboard and alarms read them.
 */
public final class MetricNames {
    /** The default namespace ({@code telemetry.metrics.namespace}). */
    public static final String NAMESPACE = "AgentCoreMcpProxy";

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
    public static final String AUDIT_EVENTS_DROPPED = "AuditEventsDropped";

    /** The fixed dimension the deployed proxy adds to every metric, from {@link EnvironmentVariables#ENV}. */
    public static final String ENVIRONMENT = "Environment";
    public static final String METHOD = "Method";
    public static final String OUTCOME = "Outcome";
    public static final String TOOL = "Tool";
    public static final String STAGE = "Stage";
    public static final String POLICY = "Policy";
    public static final String PII_TYPE = "PiiType";
    public static final String UPSTREAM = "Upstream";
    public static final String DIRECTION = "Direction";

    /** The {@link #OUTCOME} of a request a rate limit refused. */
    public static final String OUTCOME_RATE_LIMITED = "rate_limited";

    private MetricNames() {
    }
}
