package dev.mcpproxy.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
}
