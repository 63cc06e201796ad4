package dev.mcpproxy.cdk.environment;

import software.amazon.awscdk.RemovalPolicy;

/** What happens to stateful resources (repository, log groups, table, key, user pool) when a stack is deleted. */
public enum RemovalMode {
    /** Keep them: the only sensible choice where data matters. */
    RETAIN,
    /** Delete them with the stack: for throw-away environments. */
    DESTROY;

    public RemovalPolicy policy() {
        return this == RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }
}
