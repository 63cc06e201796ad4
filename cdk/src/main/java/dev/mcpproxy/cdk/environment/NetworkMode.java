package dev.mcpproxy.cdk.environment;

/** Where the runtime's microVMs attach: the public AgentCore network or the customer's VPC. */
public enum NetworkMode {
    PUBLIC,
    VPC
}
