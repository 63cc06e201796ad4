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
    void fiveAlarmsNotifyTheEnvironmentsAlarmTopic() {
        for (Template template : List.of(dev, prod)) {
            for (String alarm : List.of("ErrorRateAlarm", "LatencyP99Alarm", "CircuitOpenAlarm", "DenialSpikeAlarm",
                    "AuditDropAlarm")) {
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

    /** An alarm's single metric, as CloudFormation's Metrics array describes it. */
    private static Map<String, Object> metric(String name, String stat) {
        return Map.of("Metrics", List.of(Match.objectLike(Map.of("MetricStat", Map.of(
                "Metric", Map.of("Namespace", "AgentCoreMcpProxy", "MetricName", name,
                        "Dimensions", List.of(Map.of("Name", "Environment", "Value", Match.anyValue()))),
                "Period", 300, "Stat", stat)))));
    }

    private static void hasAlarm(Template template, String name, Object threshold, Map<String, Object> metric) {
        Map<String, Object> properties = new java.util.HashMap<>(metric);
        properties.put("AlarmName", name);
        properties.put("Threshold", threshold);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(properties));
    }

    @Test
    void thresholdsFollowTheEnvironment() {
        Map<String, Object> errorRate = Map.of("Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                "Expression", "IF(requests > 0, 100 * errors / requests, 0)", "ReturnData", true)))));
        hasAlarm(prod, "mcp-proxy-prod-ErrorRateAlarm", 2, errorRate);
        hasAlarm(dev, "mcp-proxy-dev-ErrorRateAlarm", 5, errorRate);
        hasAlarm(prod, "mcp-proxy-prod-LatencyP99Alarm", 1500, metric("RequestLatency", "p99"));
        hasAlarm(dev, "mcp-proxy-dev-LatencyP99Alarm", 3000, metric("RequestLatency", "p99"));
        hasAlarm(prod, "mcp-proxy-prod-DenialSpikeAlarm", 25, metric("Denials", "Sum"));
        hasAlarm(dev, "mcp-proxy-dev-DenialSpikeAlarm", 50, metric("Denials", "Sum"));
        hasAlarm(prod, "mcp-proxy-prod-CircuitOpenAlarm", 1, metric("CircuitOpen", "Maximum"));
        hasAlarm(dev, "mcp-proxy-dev-AuditDropAlarm", 1, metric("AuditEventsDropped", "Sum"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardShowsTrafficErrorsLatencyGovernanceAndUpstreamHealth() {
        Map<String, Map<String, Object>> dashboards = prod.findResources("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        Map<String, Object> properties = (Map<String, Object>) dashboards.values().iterator().next().get("Properties");
        assertThat(properties.get("DashboardName")).isEqualTo("mcp-proxy-prod-mcp-proxy");
        String body = joined(properties.get("DashboardBody"));
        assertThat(body).contains("\"title\":\"Traffic (requests by method)\"", "\"title\":\"Errors\"",
                "\"title\":\"Latency in the proxy\"", "\"title\":\"Denials by stage and outcome\"",
                "\"title\":\"Rate-limited requests\"", "\"title\":\"PII detections by type\"",
                "\"title\":\"Upstream latency p99\"", "\"title\":\"Upstream errors\"",
                "\"title\":\"Open circuits by upstream\"", "\"title\":\"PII detections by method and direction\"",
                "\"title\":\"Alarms\"", "\"title\":\"Dropped audit events\"");
        assertThat(body).contains("\"stat\":\"p50\"", "\"stat\":\"p99\"",
                "MetricName=\\\"PiiDetections\\\" Environment=\\\"prod\\\"", "Outcome=\\\"rate_limited\\\"",
                "{AgentCoreMcpProxy,Environment,Method,Direction} MetricName=\\\"PiiPathDetections\\\"");
    }

    /** The string parts of the Fn::Join CloudFormation makes of a dashboard body with references in it. */
    @SuppressWarnings("unchecked")
    private static String joined(Object body) {
        List<Object> join = (List<Object>) ((Map<String, Object>) body).get("Fn::Join");
        StringBuilder text = new StringBuilder();
        ((List<Object>) join.get(1)).forEach(part -> text.append(part instanceof String string ? string : "${ref}"));
        return text.toString();
    }
}
