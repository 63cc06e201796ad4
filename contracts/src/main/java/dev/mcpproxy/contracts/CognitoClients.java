package dev.mcpproxy.contracts;

/** The Cognito app clients the CDK app creates and the CLI requests tokens with. */
public final class CognitoClients {
    /** The client every environment has, the CLI's default. */
    public static final String OPERATOR = "operator";
    /** The scope the runtime requires of every token, short form ({@code <resource server>/invoke} in a token). */
    public static final String INVOKE_SCOPE = "invoke";
    /** The resource server identifier when the environment names none. */
    public static final String DEFAULT_RESOURCE_SERVER = "mcp-proxy";
    /** The JSON keys of a client's credentials in its Secrets Manager secret. */
    public static final String SECRET_CLIENT_ID = "clientId";
    public static final String SECRET_CLIENT_SECRET = "clientSecret";

    private CognitoClients() {
    }
}
