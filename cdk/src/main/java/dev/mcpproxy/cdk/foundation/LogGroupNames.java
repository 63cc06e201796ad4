package dev.mcpproxy.cdk.foundation;

/**
 * Names of the deployment's log groups: its own share one root, the runtime's share the runtime name; the KMS key
 * policy is scoped to exactly these two patterns.
 */
public final class LogGroupNames {
    private LogGroupNames() {
    }

    public static String root(String prefix) {
        return "/" + prefix + "/";
    }

    public static String application(String prefix) {
        return root(prefix) + "application";
    }

    public static String audit(String prefix) {
        return root(prefix) + "audit";
    }

    /** Where the runtime's USAGE_LOGS (per-session resource usage) are delivered. */
    public static String usage(String prefix) {
        return root(prefix) + "usage";
    }

    /**
     * The prefix of the log groups AgentCore itself writes the container's output to,
     * {@code /aws/bedrock-agentcore/runtimes/<runtimeId>-<endpoint>}; a runtime id is its name, a hyphen and ten characters.
     */
    public static String runtimePrefix(String runtimeName) {
        return RUNTIME_ROOT + runtimeName + "-";
    }

    public static final String RUNTIME_ROOT = dev.mcpproxy.cdk.runtime.McpProxyRuntime.RUNTIME_LOG_ROOT;
}
