package dev.mcpproxy.cdk.observability;

import dev.mcpproxy.contracts.MetricNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The proxy's CloudWatch dashboard ({@code <prefix>-mcp-proxy}) and its operational alarms (error rate, p99 latency,
 * an open circuit, denial spikes) notifying the environment's alarm topic. Built on the EMF metrics the proxy
 * writes with the fixed dimension {@code Environment=<name>}; totals use the Environment-only series the proxy
 * publishes next to each detailed one, breakdowns use SEARCH expressions.
 */
public final class ProxyObservability extends Construct {
    private static final Duration PERIOD = Duration.minutes(5);

    private final String environmentName;
    private final String prefix;
    private final Dashboard dashboard;
    private final List<Alarm> alarms;

    public ProxyObservability(Construct scope, String id, ProxyObservabilityProps props) {
        super(scope, id);
        environmentName = props.environmentName();
        prefix = props.prefix();
        ObservabilityThresholds thresholds = props.thresholds();
        ITopic alarmTopic = props.alarmTopic();

        Metric requests = total(MetricNames.REQUESTS, "Sum", "requests");
        Metric errors = total(MetricNames.REQUEST_ERRORS, "Sum", "failed requests");
        MathExpression errorRate = MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(new TreeMap<>(Map.of("requests", requests, "errors", errors))) // sorted: a stable template
                .label("error rate %")
                .period(PERIOD)
                .build();
        Metric p50 = total(MetricNames.REQUEST_LATENCY, "p50", "p50 ms");
        Metric p99 = total(MetricNames.REQUEST_LATENCY, "p99", "p99 ms");
        Metric denials = total(MetricNames.DENIALS, "Sum", "denied requests");
        Metric openCircuits = total(MetricNames.CIRCUIT_OPEN, "Maximum", "open circuits");
        Metric droppedAuditEvents = total(MetricNames.AUDIT_EVENTS_DROPPED, "Sum", "dropped audit events");

        alarms = List.of(
                alarm("ErrorRateAlarm", errorRate, thresholds.errorRatePercent(),
                        "Proxy error rate at or above " + plain(thresholds.errorRatePercent()) + "% over five minutes", alarmTopic),
                alarm("LatencyP99Alarm", p99, thresholds.p99LatencyMillis(),
                        "Proxy p99 latency at or above " + plain(thresholds.p99LatencyMillis()) + " ms over five minutes", alarmTopic),
                alarm("CircuitOpenAlarm", openCircuits, 1, "An upstream's circuit breaker is open", alarmTopic),
                alarm("AuditDropAlarm", droppedAuditEvents, 1,
                        "The proxy dropped audit events: its audit trail is incomplete", alarmTopic),
                alarm("DenialSpikeAlarm", denials, thresholds.deniedPerFiveMinutes(),
                        "Governance denied " + thresholds.deniedPerFiveMinutes() + " or more requests in five minutes",
                        alarmTopic));

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(prefix + "-mcp-proxy")
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# MCP proxy: " + environmentName + "\nEMF metrics in namespace `" + MetricNames.NAMESPACE
                        + "`; traces in CloudWatch Transaction Search (see docs/observability.md).")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Traffic (requests by method)", List.of(requests,
                        search(MetricNames.REQUESTS, "", "Sum", MetricNames.METHOD, MetricNames.OUTCOME))),
                graph("Errors", List.of(errors, errorRate)),
                graph("Latency in the proxy", List.of(p50, p99)));
        dashboard.addWidgets(
                graph("Denials by stage and outcome", List.of(denials,
                        search(MetricNames.DENIALS, "", "Sum", MetricNames.STAGE, MetricNames.OUTCOME))),
                graph("Rate-limited requests", List.of(
                        search(MetricNames.DENIALS, " " + MetricNames.OUTCOME + "=\"" + MetricNames.OUTCOME_RATE_LIMITED + "\"",
                                "Sum", MetricNames.STAGE, MetricNames.OUTCOME))),
                graph("PII detections by type", List.of(
                        search(MetricNames.PII_DETECTIONS, "", "Sum", MetricNames.PII_TYPE))));
        dashboard.addWidgets(
                graph("Upstream latency p99", List.of(
                        search(MetricNames.UPSTREAM_LATENCY, "", "p99", MetricNames.UPSTREAM))),
                graph("Upstream errors", List.of(
                        search(MetricNames.UPSTREAM_ERRORS, "", "Sum", MetricNames.UPSTREAM))),
                graph("Open circuits by upstream", List.of(
                        search(MetricNames.CIRCUIT_OPEN, "", "Maximum", MetricNames.UPSTREAM))));
        dashboard.addWidgets(
                graph("Tool calls by tool and outcome", List.of(
                        search(MetricNames.TOOL_CALLS, "", "Sum", MetricNames.TOOL, MetricNames.OUTCOME))),
                graph("PII detections by method and direction", List.of(
                        search(MetricNames.PII_PATH_DETECTIONS, "", "Sum", MetricNames.METHOD, MetricNames.DIRECTION))),
                AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms)).width(8).build());
        dashboard.addWidgets(graph("Dropped audit events", List.of(droppedAuditEvents)));
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public List<Alarm> alarms() {
        return alarms;
    }

    /** The Environment-only series of a metric: the total over every other dimension. */
    private Metric total(String name, String statistic, String label) {
        return Metric.Builder.create()
                .namespace(MetricNames.NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(MetricNames.ENVIRONMENT, environmentName))
                .statistic(statistic)
                .period(PERIOD)
                .label(label)
                .build();
    }

    /** Every series of {@code name} broken down by {@code dimensions}, one line each. */
    private MathExpression search(String name, String filter, String statistic, String... dimensions) {
        String schema = "{" + MetricNames.NAMESPACE + "," + MetricNames.ENVIRONMENT + "," + String.join(",", dimensions) + "}";
        return MathExpression.Builder.create()
                .expression("SEARCH('" + schema + " MetricName=\"" + name + "\" " + MetricNames.ENVIRONMENT + "=\""
                        + environmentName + "\"" + filter + "', '" + statistic + "', 300)")
                .usingMetrics(Map.of())
                .period(PERIOD)
                .build();
    }

    private static String plain(double number) {
        return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    private static IWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }

    private Alarm alarm(String id, IMetric metric, double threshold, String description, ITopic topic) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(prefix + "-" + id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
        return alarm;
    }
}
