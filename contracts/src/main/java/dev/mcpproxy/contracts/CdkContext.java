package dev.mcpproxy.contracts;

/** The CDK app's context keys ({@code cdk deploy -c key=value}) the CLI sets. */
public final class CdkContext {
    /** One environment's name, or {@code all}. */
    public static final String ENV = "env";
    public static final String IMAGE_DIGEST = "imageDigest";
    public static final String IMAGE_TAG = "imageTag";
    /** Where the environment folders are ({@link EnvironmentFiles#DIRECTORY} by default). */
    public static final String ENVIRONMENTS_DIR = "environmentsDir";
    /** The runtime version of each named endpoint: {@code canary=5,live=4}. */
    public static final String ENDPOINT_VERSIONS = "endpointVersions";

    private CdkContext() {
    }
}
