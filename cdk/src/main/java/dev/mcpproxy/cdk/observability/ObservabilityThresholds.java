package dev.mcpproxy.cdk.observability;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;

/**
 * When the proxy's alarms fire. Production is held to tighter limits than the other environments; the denial spike
 * threshold is the environment's own {@code alarms.deniedCallsPerFiveMinutes}.
 *
 * @param errorRatePercent     failed requests (internal, upstream, open circuit) per requests over five minutes
 * @param p99LatencyMillis     the p99 of the time spent in the proxy per request, over five minutes
 * @param deniedPerFiveMinutes requests rejected by any governance stage in five minutes
 */
public record ObservabilityThresholds(double errorRatePercent, double p99LatencyMillis, int deniedPerFiveMinutes) {

    /** 5 % errors, 3 s p99, 50 denials per five minutes. */
    public static ObservabilityThresholds defaults() {
        return new ObservabilityThresholds(5, 3000, 50);
    }

    public static ObservabilityThresholds of(DeploymentEnvironment environment) {
        int denied = environment.alarms().deniedCallsPerFiveMinutes();
        return environment.production()
                ? new ObservabilityThresholds(2, 1500, denied)
                : new ObservabilityThresholds(defaults().errorRatePercent(), defaults().p99LatencyMillis(), denied);
    }
}
