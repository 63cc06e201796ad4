package dev.mcpproxy.contracts;

/**
 * A deployment environment's folder, {@code cdk/environments/<env>/}: the CDK app reads both files, the CLI reads
 * the definition and copies the rest into the image.
 */
public final class EnvironmentFiles {
    /** The default environments folder, relative to the project's root. */
    public static final String DIRECTORY = "cdk/environments";
    /** The deployment definition (account, region, identity, upstreams); it stays out of the image. */
    public static final String DEFINITION = "environment.yaml";
    /** The proxy's own configuration. */
    public static final String PROXY_CONFIG = "proxy.yaml";

    private EnvironmentFiles() {
    }
}
