package dev.mcpproxy.proxy.e2e;

import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful mode: when an upstream's tools change, the proxy refreshes its catalog and tells every
 * client session on its GET stream, including sessions that had nothing to do with the change.
 */
class ListChangedThroughProxyTest {

    @Test
    void everyClientSessionHearsOfAChangedToolList() throws Exception {
        List<List<McpSchema.Tool>> bystanderChanges = new CopyOnWriteArrayList<>();
        try (ScriptedUpstreamPeer peer = new ScriptedUpstreamPeer();
             ProxyUnderTest proxy = ProxyUnderTest.start(SessionMode.STATEFUL,
                     List.of(UpstreamConfig.of("peer", peer.url())))) {
            McpSyncClient actor = McpClients.to(proxy.endpoint()).build();
            McpSyncClient bystander = McpClients.to(proxy.endpoint()).toolsChangeConsumer(bystanderChanges::add)
                    .build();
            try {
                actor.initialize();
                bystander.initialize();
                assertThat(bystander.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("misbehave");

                actor.callTool(new McpSchema.CallToolRequest("misbehave", Map.of("answer", "grow")));
                Eventually.until("the bystander hears of the change", Duration.ofSeconds(10),
                        () -> !bystanderChanges.isEmpty());
                assertThat(bystanderChanges.getLast()).extracting(McpSchema.Tool::name)
                        .containsExactlyInAnyOrder("misbehave", "grown");
            } finally {
                actor.close();
                bystander.close();
            }
        }
    }
}
