package dev.mcpproxy.cdk.foundation;

import java.util.List;

/**
 * Field names and values of the proxy's audit JSON lines (format version 1, one event per governed request, see
 * {@code docs/AUDIT.md} and the proxy's {@code dev.mcpproxy.proxy.audit.AuditFields}) that the metric filters and
 * Logs Insights queries read. Nested fields use the dotted paths both filters ({@code $.pii.tokenized}) and Logs
 * Insights ({@code pii.tokenized}) understand. {@code DeployedAuditFiltersTest} in proxy-app evaluates the deployed
 * filters and queries (from the template snapshot) against audit lines the proxy really writes.
 */
public final class AuditFields {
    /** Tells audit lines apart from log lines when both share a stream. */
    public static final String KIND = "kind";
    public static final String KIND_AUDIT = "audit";
    public static final String PRINCIPAL = "principal";
    public static final String METHOD = "method";
    /** Client-facing tool or prompt name, or resource URI. */
    public static final String TARGET = "target";
    public static final String UPSTREAM = "upstream";
    public static final String DECISION = "decision";
    public static final String DECISION_DENY = "deny";
    /** The policies that decided (Logs Insights flattens the list to {@code policyIds.0}, ...). */
    public static final String POLICY_IDS = "policyIds";
    /** Counts the PII stage reports per request, by action, of the data the caller sent; absent when it found nothing. */
    public static final String PII_TOKENIZED = "pii.tokenized";
    public static final String PII_REDACTED = "pii.redacted";
    public static final String PII_ALLOWED = "pii.allowed";
    /** The same counts of the data the upstream sent toward the caller (its result and requests while answering). */
    public static final String PII_RESULT_TOKENIZED = "pii.result.tokenized";
    public static final String PII_RESULT_REDACTED = "pii.result.redacted";
    public static final String PII_RESULT_ALLOWED = "pii.result.allowed";
    public static final String OUTCOME = "outcome";
    public static final String OUTCOME_ERROR = "error";
    /** The JSON-RPC error code the client got. */
    public static final String ERROR_CODE = "errorCode";
    /** Personal data that a block rule forbids was found in the arguments. */
    public static final int ERROR_PII_BLOCKED = -32005;
    /** The upstream could not be reached, timed out or answered unusably (-32001), or its circuit is open (-32006). */
    public static final List<Integer> UPSTREAM_ERROR_CODES = List.of(-32001, -32006);

    private AuditFields() {
    }
}
