package dev.mcpproxy.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.cli.identity.AppClient;
import dev.mcpproxy.cli.mcp.DeployedProxy;
import dev.mcpproxy.cli.promote.EndpointVersions;
import dev.mcpproxy.cli.runtime.EndpointOption;

/** The ready-to-paste MCP client configuration for a deployed environment; the token stays a placeholder. */
final class ClientConfig {

    private ClientConfig() {}

    static ObjectNode forEndpoint(String env, String endpoint) {
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.putObject("mcpServers").putObject("mcp-proxy-" + env)
                .put("type", "http")
                .put("url", endpoint)
                .putObject("headers").put("Authorization", "Bearer ${MCP_PROXY_TOKEN}");
        return config;
    }

    /**
     * The endpoint clients should use: the production endpoint where the environment has one, since DEFAULT serves
     * every new version before it is promoted.
     */
    static String clientEndpoint(EndpointVersions endpoints) {
        return endpoints.of(EndpointOption.PRODUCTION).isPresent() ? EndpointOption.PRODUCTION : DeployedProxy.DEFAULT_QUALIFIER;
    }

    /** How a client gets its token: the invoke scope only, which is all an MCP client needs. */
    static String tokenCommand(String env, String client) {
        return "export MCP_PROXY_TOKEN=$(mcp-proxy token --env " + env
                + (client.equals(AppClient.OPERATOR) ? "" : " --client " + client) + ")";
    }
}
