package dev.mcpproxy.proxy.audit;

/**
 * Field names of audit events (format version {@link #VERSION}, documented in {@code docs/AUDIT.md}).
 * Stages put their facts under these names so that metric filters and queries can rely on them.
 */
public final class AuditFields {
    public static final int VERSION = 2;

    /** Always {@code "audit"}: tells audit lines apart from log lines on stdout. */
    public static final String KIND = "kind";
    public static final String AUDIT_VERSION = "auditVersion";
    public static final String TIME = "ts";
    /** The proxy's own id for the request (the client's JSON-RPC id is the client's to choose). */
    public static final String REQUEST_ID = "requestId";
    /** Keyed digest of the client's JSON-RPC id: correlates without storing what the client wrote. */
    public static final String CLIENT_REQUEST_ID_DIGEST = "clientRequestIdDigest";
    public static final String TRACE_ID = "traceId";
    public static final String SESSION_ID = "sessionId";
    /** The client's protocol era, {@code legacy} or {@code modern}, and the version its request spoke. */
    public static final String PROTOCOL_ERA = "protocolEra";
    public static final String PROTOCOL_VERSION = "protocolVersion";
    public static final String PRINCIPAL = "principal";
    public static final String CLIENT_ID = "clientId";
    public static final String GROUPS = "groups";
    public static final String METHOD = "method";
    public static final String UPSTREAM = "upstream";
    /** Tool or prompt name (client-facing) or resource URI. */
    public static final String TARGET = "target";
    /** {@code allow}, {@code deny} or {@code shadow-deny}. */
    public static final String DECISION = "decision";
    public static final String POLICY_IDS = "policyIds";
    /** {@code ok}, {@code invalid} or {@code skipped}. */
    public static final String VALIDATION = "validation";
    public static final String VALIDATION_ERRORS = "validationErrors";
    public static final String OUTPUT_VALIDATION = "outputValidation";
    /** Map of PII type to count; never the values. */
    public static final String PII = "pii";
    /** {@code ok} or {@code limited}. */
    public static final String RATE_LIMIT = "rateLimit";
    /** {@code ok}, or {@code error} when the request failed. */
    public static final String OUTCOME = "outcome";
    public static final String ERROR_CODE = "errorCode";
    public static final String UPSTREAM_STATUS = "upstreamStatus";
    public static final String UPSTREAM_LATENCY_MS = "upstreamLatencyMs";
    public static final String LATENCY_MS = "latencyMs";
    public static final String RESULT_BYTES = "resultBytes";
    public static final String IS_ERROR = "isError";
    public static final String LISTED = "listed";
    public static final String HIDDEN = "hidden";
    public static final String ARGS_DIGEST = "argsDigest";
    public static final String ARGS_BYTES = "argsBytes";

    private AuditFields() {
    }
}
