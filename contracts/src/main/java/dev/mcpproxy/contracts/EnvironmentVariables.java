package dev.mcpproxy.contracts;

import java.util.Locale;

/**
 * The proxy's environment variables as the CDK app sets them on the runtime. The proxy reads some directly and the
 * rest through {@code ${NAME}} references in the environment's {@code proxy.yaml}.
 */
public final class EnvironmentVariables {
    /** Every variable of the proxy's own starts with this; the AOT training run clears them. */
    public static final String PREFIX = "MCP_PROXY_";

    /** The deployment environment's name: the metrics' {@code Environment} dimension. */
    public static final String ENV = PREFIX + "ENV";
    /** The YAML configuration file. */
    public static final String CONFIG = PREFIX + "CONFIG";
    /** The configuration's SHA-256: a changed document makes a new runtime version. Informational to the proxy. */
    public static final String CONFIG_SHA256 = PREFIX + "CONFIG_SHA256";
    /** JSON object of upstream name to URL. Informational to the proxy. */
    public static final String UPSTREAMS = PREFIX + "UPSTREAMS";
    /** Whether AgentCore tracing is on. Informational to the proxy. */
    public static final String TRACING = PREFIX + "TRACING";

    public static final String IDENTITY_DISCOVERY_URL = PREFIX + "IDENTITY_DISCOVERY_URL";
    public static final String IDENTITY_REQUIRED_SCOPE = PREFIX + "IDENTITY_REQUIRED_SCOPE";
    /** One variable per declared app client carries its generated id: {@link #identityClientId(String)}. */
    public static final String IDENTITY_CLIENT_ID_PREFIX = PREFIX + "IDENTITY_CLIENT_ID_";

    public static final String RATE_LIMIT_REQUESTS_PER_MINUTE = PREFIX + "RATE_LIMIT_REQUESTS_PER_MINUTE";
    public static final String RATE_LIMIT_BURST = PREFIX + "RATE_LIMIT_BURST";
    /** The DynamoDB rate-limit table's name. */
    public static final String RATE_LIMIT_TABLE = "RATE_LIMIT_TABLE";
    /** The audit log group the metric filters, alarms and queries read. */
    public static final String AUDIT_LOG_GROUP = "AUDIT_LOG_GROUP";
    /** Read by the AWS SDK. */
    public static final String AWS_REGION = "AWS_REGION";

    /** A Tink keyset in JSON, for local runs. */
    public static final String PII_KEYSET = PREFIX + "PII_KEYSET";
    /** The secret holding the PII tokenization key material. */
    public static final String PII_KEYSET_SECRET_ARN = PREFIX + "PII_KEYSET_SECRET_ARN";
    /** The audit digest key itself, for local runs (the default of {@code audit.digestKeyEnv}). */
    public static final String AUDIT_KEY = PREFIX + "AUDIT_KEY";
    /** The secret holding the HMAC key of the audit trail's argument digests. */
    public static final String AUDIT_KEY_SECRET_ARN = PREFIX + "AUDIT_KEY_SECRET_ARN";
    /** The key material sealing 2026-07-28 request states, for local runs. */
    public static final String REQUEST_STATE_KEY = PREFIX + "REQUEST_STATE_KEY";
    /** The secret sealing 2026-07-28 request states: every microVM reads the same key. */
    public static final String REQUEST_STATE_KEY_SECRET_ARN = PREFIX + "REQUEST_STATE_KEY_SECRET_ARN";

    private EnvironmentVariables() {
    }

    /** {@code MCP_PROXY_IDENTITY_CLIENT_ID_SUPPORT_AGENT} for app client {@code support-agent}. */
    public static String identityClientId(String client) {
        return IDENTITY_CLIENT_ID_PREFIX + upper(client);
    }

    /** {@code UPSTREAM_CRM_API_CLIENT_SECRET_ARN} for upstream {@code crm-api}: the secret of its OAuth client. */
    public static String upstreamClientSecretArn(String upstream) {
        return "UPSTREAM_" + upper(upstream) + "_CLIENT_SECRET_ARN";
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
