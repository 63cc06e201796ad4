package dev.mcpproxy.cdk.environment;

import java.util.List;

/**
 * Retention of the runtime's application log group and of the audit log group, in days.
 * Only the values CloudWatch Logs accepts are allowed.
 */
public record LogSettings(Integer applicationRetentionDays, Integer auditRetentionDays) {
    /** Ascending, as CloudWatch Logs lists them. */
    public static final List<Integer> ALLOWED_RETENTION_DAYS = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public LogSettings {
        applicationRetentionDays = applicationRetentionDays == null ? 30 : applicationRetentionDays;
        auditRetentionDays = auditRetentionDays == null ? 365 : auditRetentionDays;
    }

    public static LogSettings defaults() {
        return new LogSettings(null, null);
    }

    public void validate(String key, EnvironmentProblems problems) {
        problems.check(ALLOWED_RETENTION_DAYS.contains(applicationRetentionDays), key + ".applicationRetentionDays",
                "must be one of the CloudWatch Logs retention values " + ALLOWED_RETENTION_DAYS);
        problems.check(ALLOWED_RETENTION_DAYS.contains(auditRetentionDays), key + ".auditRetentionDays",
                "must be one of the CloudWatch Logs retention values " + ALLOWED_RETENTION_DAYS);
        problems.check(auditRetentionDays >= applicationRetentionDays, key + ".auditRetentionDays",
                "must be at least applicationRetentionDays (" + applicationRetentionDays + "): audit records outlive application logs");
    }
}
