package dev.mcpproxy.cdk.foundation;

/**
 * Field names and values of the proxy's audit JSON lines (one {@code AuditEvent} per governed request) that the
 * metric filters and Logs Insights queries read. They must stay in step with {@code docs/AUDIT.md}.
 */
public final class AuditFields {
    public static final String PRINCIPAL = "principal";
    public static final String METHOD = "method";
    public static final String TOOL = "tool";
    public static final String UPSTREAM = "upstream";
    public static final String DECISION = "decision";
    public static final String DECISION_DENY = "deny";
    public static final String REASON = "reason";
    public static final String PII_DETECTIONS = "piiDetections";
    public static final String OUTCOME = "outcome";
    public static final String OUTCOME_UPSTREAM_ERROR = "upstream_error";

    private AuditFields() {
    }
}
