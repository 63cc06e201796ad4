package dev.mcpproxy.cdk.environment;

/** A validated environment definition together with the proxy configuration document deployed with it. */
public record LoadedEnvironment(DeploymentEnvironment definition, ProxyConfigDocument proxyConfig) {
}
