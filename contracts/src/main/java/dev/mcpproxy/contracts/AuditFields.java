package dev.mcpproxy.contracts;

/**
 * Field names and values of the proxy's audit events (format version {@link #VERSION}, documented in
 * {@code docs/AUDIT.md}): the proxy writes them, the CDK app's metric filters and Logs Insights queries read them.
 * Nested fields have dotted paths, which both filters ({@code $.pii.tokenized}) and Logs Insights
 * ({@code pii.tokenized}) understand.
 */
public final class AuditFields {
    /** Changes when a field is renamed or changes meaning; new fields may appear at any time. */
    public static final int VERSION = 2;

    /** Always {@link #KIND_AUDIT}: tells audit lines apart from log lines on stdout. */
    public static final String KIND = "kind";
    public static final String KIND_AUDIT = "audit";
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

    /** {@code allow}, {@code deny} or {@code shadow-deny}; listings also {@code filtered}. */
    public static final String DECISION = "decision";
    public static final String DECISION_ALLOW = "allow";
    public static final String DECISION_DENY = "deny";
    public static final String DECISION_SHADOW_DENY = "shadow-deny";
    public static final String DECISION_FILTERED = "filtered";
    /** The policies that decided (Logs Insights flattens the list to {@code policyIds.0}, ...). */
    public static final String POLICY_IDS = "policyIds";
    /** Listings: items hidden from the principal. */
    public static final String HIDDEN = "hidden";
    /** Listings: items the client received. */
    public static final String LISTED = "listed";

    /** {@code ok}, {@code rules-only} (no inputSchema) or {@code invalid}. */
    public static final String VALIDATION = "validation";
    public static final String VALIDATION_ERRORS = "validationErrors";
    /** {@code ok} or {@code invalid}. */
    public static final String OUTPUT_VALIDATION = "outputValidation";

    /**
     * What the PII stage found and did, never values: of the data the caller sent {@code detected} (type → count)
     * and counts by action, and under {@code result} the same of the data the upstream sent.
     */
    public static final String PII = "pii";
    public static final String PII_TOKENIZED = PII + ".tokenized";
    public static final String PII_REDACTED = PII + ".redacted";
    public static final String PII_ALLOWED = PII + ".allowed";
    public static final String PII_RESULT_TOKENIZED = PII + ".result.tokenized";
    public static final String PII_RESULT_REDACTED = PII + ".result.redacted";
    public static final String PII_RESULT_ALLOWED = PII + ".result.allowed";

    /** The name of the bucket that refused the request. */
    public static final String RATE_LIMIT = "rateLimit";
    public static final String RATE_LIMIT_RETRY_AFTER_MS = "rateLimitRetryAfterMs";
    /** {@code true} when the store could not decide. */
    public static final String RATE_LIMIT_STORE_UNAVAILABLE = "rateLimitStoreUnavailable";

    public static final String ARGS_DIGEST = "argsDigest";
    public static final String ARGS_BYTES = "argsBytes";
    /** {@code ok} when the upstream answered with a result. */
    public static final String UPSTREAM_STATUS = "upstreamStatus";
    public static final String UPSTREAM_LATENCY_MS = "upstreamLatencyMs";
    public static final String RESULT_BYTES = "resultBytes";
    /** The tool's own {@code isError}. */
    public static final String IS_ERROR = "isError";
    /** {@link #OUTCOME_OK}, or {@link #OUTCOME_ERROR} when the client got a JSON-RPC error. */
    public static final String OUTCOME = "outcome";
    public static final String OUTCOME_OK = "ok";
    public static final String OUTCOME_ERROR = "error";
    /** The JSON-RPC error code the client got ({@link ErrorCodes}). */
    public static final String ERROR_CODE = "errorCode";
    public static final String LATENCY_MS = "latencyMs";

    private AuditFields() {
    }
}
