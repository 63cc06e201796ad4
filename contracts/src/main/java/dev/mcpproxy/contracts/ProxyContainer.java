package dev.mcpproxy.contracts;

/**
 * The proxy's image as AgentCore Runtime runs it: the CLI builds it, the proxy serves in it and the CDK app points
 * the runtime's configuration into it.
 */
public final class ProxyContainer {
    /** AgentCore Runtime sends MCP to {@code 0.0.0.0:8000/mcp}. */
    public static final int PORT = 8000;
    public static final String MCP_PATH = "/mcp";
    public static final String MAIN_CLASS = "dev.mcpproxy.proxy.Main";
    public static final String APP_DIR = "/app";
    /** Where the image carries the proxy configurations of {@link EnvironmentFiles#DIRECTORY}. */
    public static final String ENVIRONMENTS_DIR = APP_DIR + "/environments";

    private ProxyContainer() {
    }

    /** The environment's proxy configuration in the image, what {@link EnvironmentVariables#CONFIG} names. */
    public static String configPath(String env) {
        return ENVIRONMENTS_DIR + "/" + env + "/" + EnvironmentFiles.PROXY_CONFIG;
    }
}
