package dev.mcpproxy.proxy.e2e;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;

import java.net.URI;
import java.time.Duration;

/** MCP Java SDK clients pointed at an endpoint. */
final class McpClients {
    private McpClients() {
    }

    static McpClient.SyncSpec to(URI endpoint) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority())
                .endpoint(endpoint.getPath())
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
    }
}
