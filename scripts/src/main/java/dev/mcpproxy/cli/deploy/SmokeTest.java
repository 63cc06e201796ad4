package dev.mcpproxy.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.cli.CliException;
import dev.mcpproxy.cli.ExitCode;
import dev.mcpproxy.cli.environment.EnvironmentDefinition;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.identity.AppClients;
import dev.mcpproxy.cli.identity.ScopeRequest;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.mcp.McpClientSession;
import java.util.List;
import java.util.Optional;

/**
 * A deployed proxy answers initialize and tools/list on one endpoint, called like a client: the operator client's
 * Cognito token with the invoke scope only.
 */
public final class SmokeTest {

    private final DeployedProxy proxy;
    private final AppClient client;
    private final List<String> scopes;

    public SmokeTest(DeployedProxy proxy, AppClients clients, Optional<EnvironmentDefinition> definition) {
        this.proxy = proxy;
        this.client = clients.client(Optional.empty());
        this.scopes = ScopeRequest.qualify(client, List.of(), definition);
    }

    /** @return how many tools the proxy lists on that endpoint */
    public int on(String qualifier) {
        try {
            McpClientSession session = proxy.bearerSession(qualifier, client, scopes);
            session.initialize();
            return session.request("tools/list", new ObjectMapper().createObjectNode()).path("tools").size();
        } catch (CliException e) {
            throw new CliException(ExitCode.SMOKE_TEST_FAILED, "smoke test of endpoint " + qualifier + " ("
                    + proxy.endpoint(qualifier).getHost() + ") failed: " + e.getMessage()
                    + ". Check `mcp-proxy logs` and `mcp-proxy status`.", e);
        }
    }
}
