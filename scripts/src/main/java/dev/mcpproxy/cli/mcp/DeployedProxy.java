package dev.mcpproxy.cli.mcp;

import dev.mcpproxy.cli.aws.AwsClients;
import dev.mcpproxy.cli.stack.DeployedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/** How to reach an environment's deployed proxy, from its stacks' outputs. */
public final class DeployedProxy {

    /** How the CLI authenticates to the runtime. */
    public enum Auth { BEARER, SIGV4 }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final AwsClients aws;
    private final DeployedStack foundation;
    private final DeployedStack runtime;

    public DeployedProxy(AwsClients aws, DeployedStack foundation, DeployedStack runtime) {
        this.aws = aws;
        this.foundation = foundation;
        this.runtime = runtime;
    }

    public URI endpoint() {
        return URI.create(runtime.output("RuntimeEndpointUrl"));
    }

    public McpClientSession session(Auth auth) {
        McpTransport transport = switch (auth) {
            case BEARER -> new HttpTransport(HTTP, endpoint(),
                    Optional.of(new EnvironmentToken(aws, foundation, HTTP).accessToken()));
            case SIGV4 -> new SigV4SdkTransport(aws.agentCore(), runtime.output("RuntimeArn"));
        };
        return new McpClientSession(transport);
    }
}
