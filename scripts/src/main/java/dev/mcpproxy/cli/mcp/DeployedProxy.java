package dev.mcpproxy.cli.mcp;

import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.stack.DeployedStack;
import dev.mcpproxy.contracts.StackOutputs;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How to reach an environment's deployed proxy on one of its endpoints, from its stacks' outputs. */
public final class DeployedProxy {

    /** How the CLI authenticates to the runtime. */
    public enum Auth { BEARER, SIGV4 }

    /** The endpoint every runtime has; it always serves the runtime's newest version. */
    public static final String DEFAULT_QUALIFIER = "DEFAULT";

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final AwsClients aws;
    private final DeployedStack foundation;
    private final DeployedStack runtime;

    public DeployedProxy(AwsClients aws, DeployedStack foundation, DeployedStack runtime) {
        this.aws = aws;
        this.foundation = foundation;
        this.runtime = runtime;
    }

    /** The invocation URL of an endpoint: {@code RuntimeEndpointUrl} with its {@code qualifier}. */
    public URI endpoint(String qualifier) {
        String url = runtime.output(StackOutputs.RUNTIME_ENDPOINT_URL);
        String encoded = URLEncoder.encode(qualifier, StandardCharsets.UTF_8);
        if (url.matches(".*[?&]qualifier=[^&]*.*")) {
            return URI.create(url.replaceFirst("([?&]qualifier=)[^&]*", "$1" + encoded));
        }
        // Without a qualifier the service serves DEFAULT.
        return URI.create(qualifier.equals(DEFAULT_QUALIFIER) ? url : url + (url.contains("?") ? "&" : "?") + "qualifier=" + encoded);
    }

    /** A session with a Cognito token of {@code client} carrying exactly {@code scopes}. */
    public McpClientSession bearerSession(String qualifier, AppClient client, List<String> scopes) {
        String token = new EnvironmentToken(aws, foundation, HTTP).accessToken(client, scopes);
        return new McpClientSession(new HttpTransport(HTTP, endpoint(qualifier), Optional.of(token)));
    }

    /** A session signed with the caller's IAM credentials, for IAM-authorized runtimes. */
    public McpClientSession sigV4Session(String qualifier) {
        return new McpClientSession(new SigV4SdkTransport(aws.agentCore(), runtime.output(StackOutputs.RUNTIME_ARN), qualifier));
    }
}
