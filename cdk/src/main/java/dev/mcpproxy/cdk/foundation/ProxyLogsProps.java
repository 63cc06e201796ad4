package dev.mcpproxy.cdk.foundation;

import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Properties of {@link ProxyLogs}, built with {@link #builder()}.
 *
 * @param prefix                  names everything: log groups {@code /<prefix>/application}, {@code /<prefix>/audit},
 *                                {@code /<prefix>/usage}, queries {@code <prefix>/audit/...}, the alarm topic. Required
 * @param metricNamespace         namespace of the audit metric filters' metrics. Default: {@code McpProxy/<prefix>}
 * @param applicationRetention    retention of the application and usage log groups. Default: one month
 * @param auditRetention          retention of the audit log group. Default: one year
 * @param encryptionKey           encrypts the log groups and the alarm topic; its policy must let CloudWatch Logs and
 *                                CloudWatch alarms use it ({@link DeploymentKey}). Default: none (CloudWatch Logs'
 *                                own encryption, an unencrypted topic)
 * @param removalPolicy           what deleting the stack does to the log groups. Default: RETAIN
 * @param alarmEmail              who the alarm topic notifies (an e-mail subscription). Default: nobody
 * @param deniedCallsThreshold    denied calls in five minutes that raise the alarm. Default: 50
 * @param upstreamErrorsThreshold upstream errors in five minutes that raise the alarm. Default: 10
 */
public record ProxyLogsProps(
        String prefix,
        String metricNamespace,
        RetentionDays applicationRetention,
        RetentionDays auditRetention,
        IKey encryptionKey,
        RemovalPolicy removalPolicy,
        String alarmEmail,
        int deniedCallsThreshold,
        int upstreamErrorsThreshold) {

    public ProxyLogsProps {
        Objects.requireNonNull(prefix, "prefix");
        metricNamespace = metricNamespace == null ? "McpProxy/" + prefix : metricNamespace;
        applicationRetention = applicationRetention == null ? RetentionDays.ONE_MONTH : applicationRetention;
        auditRetention = auditRetention == null ? RetentionDays.ONE_YEAR : auditRetention;
        removalPolicy = removalPolicy == null ? RemovalPolicy.RETAIN : removalPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String prefix;
        private String metricNamespace;
        private RetentionDays applicationRetention;
        private RetentionDays auditRetention;
        private IKey encryptionKey;
        private RemovalPolicy removalPolicy;
        private String alarmEmail;
        private int deniedCallsThreshold = 50;
        private int upstreamErrorsThreshold = 10;

        public Builder prefix(String value) { prefix = value; return this; }
        public Builder metricNamespace(String value) { metricNamespace = value; return this; }
        public Builder applicationRetention(RetentionDays value) { applicationRetention = value; return this; }
        public Builder auditRetention(RetentionDays value) { auditRetention = value; return this; }
        public Builder encryptionKey(IKey value) { encryptionKey = value; return this; }
        public Builder removalPolicy(RemovalPolicy value) { removalPolicy = value; return this; }
        public Builder alarmEmail(String value) { alarmEmail = value; return this; }
        public Builder deniedCallsThreshold(int value) { deniedCallsThreshold = value; return this; }
        public Builder upstreamErrorsThreshold(int value) { upstreamErrorsThreshold = value; return this; }

        public ProxyLogsProps build() {
            return new ProxyLogsProps(prefix, metricNamespace, applicationRetention, auditRetention, encryptionKey,
                    removalPolicy, alarmEmail, deniedCallsThreshold, upstreamErrorsThreshold);
        }
    }
}
