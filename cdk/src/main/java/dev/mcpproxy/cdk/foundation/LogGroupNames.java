package dev.mcpproxy.cdk.foundation;

import dev.mcpproxy.cdk.environment.DeploymentEnvironment;

/** Names of the deployment's log groups; all share one root so the KMS key policy can scope to them. */
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
}
