package dev.mcpproxy.cli.stack;

/** The stack names the CDK app uses for an environment. */
public final class StackNames {

    private StackNames() {}

    public static String foundation(String env) {
        return "McpProxy-" + env + "-Foundation";
    }

    public static String runtime(String env) {
        return "McpProxy-" + env + "-Runtime";
    }

    /** The stack {@code cdk bootstrap} creates. */
    public static final String CDK_TOOLKIT = "CDKToolkit";
}
