package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.AlarmSettings;
import dev.mcpproxy.cdk.environment.DeploymentEnvironment;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.IFilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.QueryDefinition;
import software.amazon.awscdk.services.logs.QueryString;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The runtime's application log group and the separate audit log group (retention per environment, KMS encrypted),
 * metric filters over the audit events, alarms on them, and the Logs Insights queries auditors run.
 */
public final class ProxyLogs extends Construct {
    private final LogGroup applicationLogGroup;
    private final LogGroup auditLogGroup;
    private final Topic alarmTopic;
    private final String environmentName;

    public ProxyLogs(Construct scope, String id, DeploymentEnvironment environment, IKey key) {
        super(scope, id);
        environmentName = environment.name();
        applicationLogGroup = logGroup("ApplicationLogGroup", LogGroupNames.application(environment),
                environment.logs().applicationRetentionDays(), environment, key);
        auditLogGroup = logGroup("AuditLogGroup", LogGroupNames.audit(environment),
                environment.logs().auditRetentionDays(), environment, key);

        Metric denied = auditMetric("DeniedCalls", FilterPattern.stringValue(
                "$." + AuditFields.DECISION, "=", AuditFields.DECISION_DENY), "1");
        auditMetric("PiiDetections", FilterPattern.numberValue("$." + AuditFields.PII_DETECTIONS, ">", 0),
                "$." + AuditFields.PII_DETECTIONS);
        Metric upstreamErrors = auditMetric("UpstreamErrors", FilterPattern.stringValue(
                "$." + AuditFields.OUTCOME, "=", AuditFields.OUTCOME_UPSTREAM_ERROR), "1");

        alarmTopic = Topic.Builder.create(this, "AlarmTopic")
                .displayName(environment.prefix() + " MCP proxy alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        alarmTopic.addSubscription(new EmailSubscription(environment.alarms().email()));
        AlarmSettings alarms = environment.alarms();
        alarm("DeniedCallsAlarm", denied, alarms.deniedCallsPerFiveMinutes(), "Calls denied by policy", alarmTopic);
        alarm("UpstreamErrorsAlarm", upstreamErrors, alarms.upstreamErrorsPerFiveMinutes(), "Upstream errors", alarmTopic);

        auditQuery("WhoCalledWhichTool", "who called which tool", QueryString.Builder.create()
                .fields(List.of("@timestamp", AuditFields.PRINCIPAL, AuditFields.TOOL, AuditFields.UPSTREAM, AuditFields.DECISION))
                .filterStatements(List.of(AuditFields.METHOD + " = \"tools/call\""))
                .statsStatements(List.of("count(*) as calls by " + AuditFields.PRINCIPAL + ", " + AuditFields.TOOL))
                .sort("calls desc")
                .build(), environment);
        auditQuery("DeniedCallsAndReasons", "what was denied and why", QueryString.Builder.create()
                .fields(List.of("@timestamp", AuditFields.PRINCIPAL, AuditFields.METHOD, AuditFields.TOOL, AuditFields.REASON))
                .filterStatements(List.of(AuditFields.DECISION + " = \"" + AuditFields.DECISION_DENY + "\""))
                .sort("@timestamp desc")
                .limit(500)
                .build(), environment);
        auditQuery("PiiDetectionsByTool", "where personal data was detected", QueryString.Builder.create()
                .filterStatements(List.of(AuditFields.PII_DETECTIONS + " > 0"))
                .statsStatements(List.of("sum(" + AuditFields.PII_DETECTIONS + ") as detections by " + AuditFields.TOOL))
                .sort("detections desc")
                .build(), environment);
        auditQuery("UpstreamErrorsByUpstream", "which upstreams failed", QueryString.Builder.create()
                .filterStatements(List.of(AuditFields.OUTCOME + " = \"" + AuditFields.OUTCOME_UPSTREAM_ERROR + "\""))
                .statsStatements(List.of("count(*) as errors by " + AuditFields.UPSTREAM + ", bin(1h)"))
                .build(), environment);
    }

    public LogGroup applicationLogGroup() {
        return applicationLogGroup;
    }

    public LogGroup auditLogGroup() {
        return auditLogGroup;
    }

    /** obs: the operational alarms of {@code ProxyObservability} notify the same topic. */
    public Topic alarmTopic() {
        return alarmTopic;
    }

    private LogGroup logGroup(String id, String name, int retentionDays, DeploymentEnvironment environment, IKey key) {
        return LogGroup.Builder.create(this, id)
                .logGroupName(name)
                .retention(Retention.ofDays(retentionDays))
                .encryptionKey(key)
                .removalPolicy(environment.removalPolicy().policy())
                .build();
    }

    private Metric auditMetric(String name, IFilterPattern pattern, String value) {
        String metricNamespace = "McpProxy/" + environmentName;
        MetricFilter filter = MetricFilter.Builder.create(this, name + "Filter")
                .logGroup(auditLogGroup)
                .filterPattern(pattern)
                .metricNamespace(metricNamespace)
                .metricName(name)
                .metricValue(value)
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

    private void auditQuery(String id, String question, QueryString query, DeploymentEnvironment environment) {
        QueryDefinition.Builder.create(this, id)
                .queryDefinitionName(environment.prefix() + "/audit/" + question.replace(' ', '-'))
                .queryString(query)
                .logGroups(List.of(auditLogGroup))
                .build();
    }
}
