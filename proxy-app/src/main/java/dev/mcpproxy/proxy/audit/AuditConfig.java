package dev.mcpproxy.proxy.audit;

import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.regex.Pattern;

/**
 * The {@code audit:} section.
 *
 * @param enabled       write audit events at all (default true)
 * @param stdout        write events to stdout (collected by CloudWatch on AgentCore); default true
 * @param file          also append events to this file; null for none
 * @param queueCapacity events buffered before new ones are dropped (and counted)
 * @param digestKeyEnv  environment variable holding the HMAC key for argument digests
 * @param digestKeyFile file holding the HMAC key (alternative to the variable)
 * @param digestKeySecretArn AWS Secrets Manager secret whose string value is the HMAC key
 *                      (alternative to the variable; the CDK app generates one)
 * @param cloudWatchLogGroup also put events into this CloudWatch Logs group (a stream per process);
 *                      null for none
 */
public record AuditConfig(Boolean enabled, Boolean stdout, String file, Integer queueCapacity, String digestKeyEnv,
                          String digestKeyFile, String digestKeySecretArn, String cloudWatchLogGroup) {

    public static final AuditConfig DEFAULTS = new AuditConfig(null, null, null, null, null, null, null, null);
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");

    public AuditConfig {
        enabled = enabled == null || enabled;
        stdout = stdout == null || stdout;
        queueCapacity = queueCapacity == null ? 10_000 : queueCapacity;
        digestKeyEnv = digestKeyEnv == null ? EnvironmentVariables.AUDIT_KEY : digestKeyEnv;
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(queueCapacity >= 1, key + ".queueCapacity", "must be at least 1");
        problems.check(!enabled || stdout || file != null || cloudWatchLogGroup != null, key,
                "enabled, but none of stdout, file, cloudWatchLogGroup is set");
        problems.check(cloudWatchLogGroup == null || LOG_GROUP.matcher(cloudWatchLogGroup).matches(),
                key + ".cloudWatchLogGroup", "not a log group name (1-512 of letters, digits, '.', '-', '_', '/', '#')");
        problems.check(file == null || !file.isBlank(), key + ".file", "must not be blank");
        problems.check(digestKeyFile == null || !digestKeyFile.isBlank(), key + ".digestKeyFile", "must not be blank");
        problems.check(digestKeyFile == null || digestKeySecretArn == null, key,
                "give at most one of digestKeyFile, digestKeySecretArn");
        problems.check(digestKeySecretArn == null || SECRET_ARN.matcher(digestKeySecretArn).matches(),
                key + ".digestKeySecretArn",
                "must be a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)");
    }
}
