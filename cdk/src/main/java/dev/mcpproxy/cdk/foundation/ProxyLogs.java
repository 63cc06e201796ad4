package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.contracts.ErrorCodes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.JsonPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.QueryDefinition;
import software.amazon.awscdk.services.logs.QueryString;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The runtime's application and usage log groups and the separate audit log group (retention and key from the props),
 * metric filters over the audit events, alarms on them, and the Logs Insights queries auditors run.
 */
public final class ProxyLogs extends Construct {
    private final LogGroup applicationLogGroup;
    private final LogGroup auditLogGroup;
    private final LogGroup usageLogGroup;
    private final Topic alarmTopic;
    private final String metricNamespace;

    public ProxyLogs(Construct scope, String id, ProxyLogsProps props) {
        super(scope, id);
        metricNamespace = props.metricNamespace();
        applicationLogGroup = logGroup("ApplicationLogGroup", LogGroupNames.application(props.prefix()),
                props.applicationRetention(), props);
        auditLogGroup = logGroup("AuditLogGroup", LogGroupNames.audit(props.prefix()), props.auditRetention(), props);
        usageLogGroup = logGroup("UsageLogGroup", LogGroupNames.usage(props.prefix()), props.applicationRetention(), props);

        Metric denied = auditMetric("DeniedCalls", FilterPattern.stringValue(
                "$." + AuditFields.DECISION, "=", AuditFields.DECISION_DENY));
        auditMetric("RequestsWithPii", FilterPattern.any(
                FilterPattern.numberValue("$." + AuditFields.PII_TOKENIZED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.PII_REDACTED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.PII_ALLOWED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.PII_RESULT_TOKENIZED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.PII_RESULT_REDACTED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.PII_RESULT_ALLOWED, ">", 0),
                FilterPattern.numberValue("$." + AuditFields.ERROR_CODE, "=", ErrorCodes.PII_BLOCKED)));
        Metric upstreamErrors = auditMetric("UpstreamErrors", FilterPattern.all(
                FilterPattern.stringValue("$." + AuditFields.OUTCOME, "=", AuditFields.OUTCOME_ERROR),
                FilterPattern.any(ErrorCodes.UPSTREAM_FAILURES.stream()
                        .map(code -> FilterPattern.numberValue("$." + AuditFields.ERROR_CODE, "=", code))
                        .toArray(JsonPattern[]::new))));

        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName(props.prefix() + " MCP proxy alarms")
                .masterKey(props.encryptionKey())
                .enforceSsl(true)
                .build();
        if (props.alarmEmail() != null) {
            alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail()));
        }
        allowAlarmsToPublish();
        alarm("DeniedCallsAlarm", denied, props.deniedCallsThreshold(), "Calls denied by policy", alarmTopic);
        alarm("UpstreamErrorsAlarm", upstreamErrors, props.upstreamErrorsThreshold(), "Upstream errors", alarmTopic);

        String isAudit = AuditFields.KIND + " = \"" + AuditFields.KIND_AUDIT + "\"";
        auditQuery("WhoCalledWhichTool", "who called which tool", QueryString.Builder.create()
                .fields(List.of("@timestamp", AuditFields.PRINCIPAL, AuditFields.TARGET, AuditFields.UPSTREAM, AuditFields.DECISION))
                .filterStatements(List.of(isAudit, AuditFields.METHOD + " = \"tools/call\""))
                .statsStatements(List.of("count(*) as calls by " + AuditFields.PRINCIPAL + ", " + AuditFields.TARGET))
                .sort("calls desc")
                .build(), props.prefix());
        auditQuery("DeniedCallsAndReasons", "what was denied and why", QueryString.Builder.create()
                .fields(List.of("@timestamp", AuditFields.PRINCIPAL, AuditFields.METHOD, AuditFields.TARGET,
                        AuditFields.POLICY_IDS + ".0", AuditFields.POLICY_IDS + ".1", AuditFields.ERROR_CODE))
                .filterStatements(List.of(isAudit, AuditFields.DECISION + " = \"" + AuditFields.DECISION_DENY + "\""))
                .sort("@timestamp desc")
                .limit(500)
                .build(), props.prefix());
        auditQuery("PiiDetectionsByTool", "where personal data was detected", QueryString.Builder.create()
                .filterStatements(List.of(isAudit, "ispresent(" + AuditFields.PII_TOKENIZED + ")"))
                .statsStatements(List.of("sum(" + AuditFields.PII_TOKENIZED + ") as tokenized, sum(" + AuditFields.PII_REDACTED
                        + ") as redacted, sum(" + AuditFields.PII_ALLOWED + ") as allowed, count(*) as requests by " + AuditFields.TARGET))
                .sort("requests desc")
                .build(), props.prefix());
        auditQuery("UpstreamErrorsByUpstream", "which upstreams failed", QueryString.Builder.create()
                .filterStatements(List.of(isAudit, AuditFields.OUTCOME + " = \"" + AuditFields.OUTCOME_ERROR + "\"",
                        AuditFields.ERROR_CODE + " in " + ErrorCodes.UPSTREAM_FAILURES))
                .statsStatements(List.of("count(*) as errors by " + AuditFields.UPSTREAM + ", bin(1h)"))
                .build(), props.prefix());
    }

    /**
     * A topic policy that says nothing of CloudWatch lets no alarm publish: allow the service to, for this account's
     * alarms only. The key policy lets the same service use the topic's key ({@link DeploymentKey}).
     */
    private void allowAlarmsToPublish() {
        Stack stack = Stack.of(this);
        alarmTopic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchAlarmsOfThisAccount")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(alarmTopic.getTopicArn()))
                .conditions(new TreeMap<>(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + stack.getPartition() + ":cloudwatch:" + stack.getRegion()
                                + ":" + stack.getAccount() + ":alarm:*"),
                        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()))))
                .build());
    }

    public LogGroup applicationLogGroup() {
        return applicationLogGroup;
    }

    public LogGroup auditLogGroup() {
        return auditLogGroup;
    }

    /** The runtime's USAGE_LOGS: vCPU and memory per session. */
    public LogGroup usageLogGroup() {
        return usageLogGroup;
    }

    /** The operational alarms of {@code ProxyObservability} notify the same topic. */
    public Topic alarmTopic() {
        return alarmTopic;
    }

    private LogGroup logGroup(String id, String name, RetentionDays retention, ProxyLogsProps props) {
        return LogGroup.Builder.create(this, id)
                .logGroupName(name)
                .retention(retention)
                .encryptionKey(props.encryptionKey())
                .removalPolicy(props.removalPolicy())
                .build();
    }

    /** Counts the audit events matching {@code pattern}; lines without {@code "kind":"audit"} never count. */
    private Metric auditMetric(String name, JsonPattern pattern) {
        MetricFilter filter = MetricFilter.Builder.create(this, name + "Filter")
                .logGroup(auditLogGroup)
                .filterPattern(FilterPattern.all(
                        FilterPattern.stringValue("$." + AuditFields.KIND, "=", AuditFields.KIND_AUDIT), pattern))
                .metricNamespace(metricNamespace)
                .metricName(name)
                .metricValue("1")
                .defaultValue(0)
                .build();
        return filter.metric().with(MetricOptions.builder()
                .statistic("Sum").period(Duration.minutes(5)).build());
    }

    private void alarm(String id, Metric metric, int threshold, String what, Topic topic) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(what + ": " + threshold + " or more in five minutes")
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
    }

    private void auditQuery(String id, String question, QueryString query, String prefix) {
        QueryDefinition.Builder.create(this, id)
                .queryDefinitionName(prefix + "/audit/" + question.replace(' ', '-'))
                .queryString(query)
                .logGroups(List.of(auditLogGroup))
                .build();
    }
}
