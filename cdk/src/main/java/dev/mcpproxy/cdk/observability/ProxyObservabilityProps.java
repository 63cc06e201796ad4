package dev.mcpproxy.cdk.observability;

import java.util.Objects;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Properties of {@link ProxyObservability}, built with {@link #builder()}.
 *
 * @param environmentName the value of the {@code Environment} dimension the proxy writes its metrics with
 *                        ({@code MCP_PROXY_ENV}). Required
 * @param prefix          names the dashboard ({@code <prefix>-mcp-proxy}) and the alarms ({@code <prefix>-<Alarm>}).
 *                        Required
 * @param thresholds      when the alarms fire. Default: {@link ObservabilityThresholds#defaults()}
 * @param alarmTopic      the topic the alarms notify. Default: none (the alarms only change state)
 */
public record ProxyObservabilityProps(String environmentName, String prefix, ObservabilityThresholds thresholds, ITopic alarmTopic) {
    public ProxyObservabilityProps {
        Objects.requireNonNull(environmentName, "environmentName");
        Objects.requireNonNull(prefix, "prefix");
        thresholds = thresholds == null ? ObservabilityThresholds.defaults() : thresholds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder in the style of aws-cdk-lib's props builders; each property is documented on the record. */
    public static final class Builder {
        private String environmentName;
        private String prefix;
        private ObservabilityThresholds thresholds;
        private ITopic alarmTopic;

        public Builder environmentName(String value) { environmentName = value; return this; }
        public Builder prefix(String value) { prefix = value; return this; }
        public Builder thresholds(ObservabilityThresholds value) { thresholds = value; return this; }
        public Builder alarmTopic(ITopic value) { alarmTopic = value; return this; }

        public ProxyObservabilityProps build() {
            return new ProxyObservabilityProps(environmentName, prefix, thresholds, alarmTopic);
        }
    }
}
