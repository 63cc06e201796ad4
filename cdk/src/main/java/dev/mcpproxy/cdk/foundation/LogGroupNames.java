package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;

/**
 * Names of the deployment's log groups: its own share one root, the runtime's share the runtime name; the KMS key
 * policy is scoped to exactly these two patterns.
 */
public final class LogGroupNames {
    private LogGroupNames() {
    }

    public static String root(DeploymentEnvironment environment) {
        return "/" + environment.prefix() + "/";
    }

    public static String application(DeploymentEnvironment environment) {
        return root(environment) + "application";
    }

    public static String audit(DeploymentEnvironment environment) {
        return root(environment) + "audit";
    }

    /** Where the runtime's USAGE_LOGS (per-session resource usage) are delivered. */
    public static String usage(DeploymentEnvironment environment) {
        return root(environment) + "usage";
    }

    /**
     * The prefix of the log groups AgentCore itself writes the container's output to,
     * {@code /aws/bedrock-agentcore/runtimes/<runtimeId>-<endpoint>}; a runtime id is its name, a hyphen and ten characters.
     */
    public static String runtimePrefix(DeploymentEnvironment environment) {
        return RUNTIME_ROOT + environment.runtimeName() + "-";
    }

    public static final String RUNTIME_ROOT = dev.mcpproxy.cdk.runtime.McpProxyRuntime.RUNTIME_LOG_ROOT;
}
