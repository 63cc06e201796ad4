package dev.mcpproxy.cdk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpproxy.cdk.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The proxy's dashboard and operational alarms per environment, on the metrics the proxy writes as EMF. */
class ProxyObservabilityTest {
    private static Template dev;
    private static Template prod;

    @BeforeAll
    static void synthesize() {
        TestApps.Built built = TestApps.allEnvironments();
        dev = Template.fromStack(built.environment("dev").foundation());
        prod = Template.fromStack(built.environment("prod").foundation());
    }

    private static String alarmTopic(Template template) {
        return template.findResources("AWS::SNS::Topic").keySet().iterator().next();
    }

    @Test
    void fourAlarmsNotifyTheEnvironmentsAlarmTopic() {
        for (Template template : List.of(dev, prod)) {
            for (String alarm : List.of("ErrorRateAlarm", "LatencyP99Alarm", "CircuitOpenAlarm", "DenialSpikeAlarm")) {
                template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                        "AlarmName", Match.stringLikeRegexp("mcp-proxy-.*-" + alarm),
                        "AlarmActions", List.of(Map.of("Ref", alarmTopic(template))),
                        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                        "TreatMissingData", "notBreaching"));
            }
        }
        prod.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "mcp-proxy-oncall@example.com"));
    }

    @Test
    void thresholdsFollowTheEnvironment() {
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-prod-ErrorRateAlarm",
                "Threshold", 2, "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests > 0, 100 * errors / requests, 0)"))))));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-dev-ErrorRateAlarm",
                "Threshold", 5));
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-prod-LatencyP99Alarm",
                "Threshold", 1500, "MetricName", "RequestLatency", "Namespace", "AgentCoreMcpProxy",
                "ExtendedStatistic", "p99",
                "Dimensions", List.of(Map.of("Name", "Environment", "Value", "prod"))));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-dev-LatencyP99Alarm",
                "Threshold", 3000));
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-prod-DenialSpikeAlarm",
                "Threshold", 25, "MetricName", "Denials", "Statistic", "Sum", "Period", 300));
        dev.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-dev-DenialSpikeAlarm",
                "Threshold", 50));
        prod.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "mcp-proxy-prod-CircuitOpenAlarm",
                "Threshold", 1, "MetricName", "CircuitOpen", "Statistic", "Maximum"));
    }

    @Test
    void theDashboardShowsTrafficErrorsLatencyGovernanceAndUpstreamHealth() {
        Map<String, Map<String, Object>> dashboards = prod.findResources("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) dashboards.values().iterator().next().get("Properties");
        assertThat(properties.get("DashboardName")).isEqualTo("mcp-proxy-prod-mcp-proxy");
        String body = properties.get("DashboardBody").toString();
        assertThat(body).contains("Traffic", "Errors", "Latency in the proxy", "Denials by stage and outcome",
                "Rate-limited requests", "PII detections by type", "Upstream latency p99", "Upstream errors",
                "Open circuits by upstream", "Alarms");
        assertThat(body).contains("p50", "p99", "Environment=\\\\\\\"prod\\\\\\\"", "Outcome=\\\\\\\"rate_limited\\\\\\\"");
    }
}
