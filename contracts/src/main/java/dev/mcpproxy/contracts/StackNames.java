package dev.mcpproxy.contracts;

/** The CDK app's stacks of one environment, {@code McpProxy-<env>-<part>}, which the CLI deploys and reads. */
public final class StackNames {
    public static final String FOUNDATION = "Foundation";
    public static final String RUNTIME = "Runtime";

    private StackNames() {
    }

    public static String of(String env, String part) {
        return "McpProxy-" + env + "-" + part;
    }

    public static String foundation(String env) {
        return of(env, FOUNDATION);
    }

    public static String runtime(String env) {
        return of(env, RUNTIME);
    }
}
