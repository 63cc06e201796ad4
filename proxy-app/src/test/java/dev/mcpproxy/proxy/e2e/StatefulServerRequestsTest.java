package dev.mcpproxy.proxy.e2e;

import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.ServerRequestsUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream of {@link StatelessServerRequestsTest} behind a stateful proxy: its requests reach
 * the client (MCP Java SDK) and the client's answers reach the upstream, whether they travel on
 * the call's stream or on the upstream session's GET stream.
 */
class StatefulServerRequestsTest {
    private static ServerRequestsUpstream upstream;
    private static ProxyUnderTest proxy;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServerRequestsUpstream.start();
        proxy = ProxyUnderTest.start(SessionMode.STATEFUL, List.of(UpstreamConfig.of("asking", upstream.url())));
        client = McpClients.to(proxy.endpoint())
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(false).build())
                .roots(new McpSchema.Root("file:///work/project", "project"))
                .sampling(request -> McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                        .content(new McpSchema.TextContent("sampled by the test client")).model("test-model")
                        .stopReason(McpSchema.CreateMessageResult.StopReason.END_TURN).build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("name", "Grace Hopper")))
                .build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(client, proxy, upstream);
    }

    @Test
    void theUpstreamSeesTheClientsCapabilities() {
        assertThat(text("client_capabilities")).contains("\"sampling\"").contains("\"elicitation\"");
    }

    @Test
    void samplingElicitationRootsAndPingReachTheClient() {
        assertThat(call("ask_sampling").isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(text("ask_sampling")).contains("sampled by the test client");
        assertThat(text("ask_elicitation")).contains("Grace Hopper");
        assertThat(text("ask_roots")).contains("file:///work/project");
        assertThat(text("ping_client")).isEqualTo("pong");
    }

    @Test
    void samplingOnTheUpstreamSessionsOwnStreamReachesTheClient() {
        text("client_capabilities");
        // The discovery session's GET stream and this client session's, both opened in the background.
        Eventually.until("the client session's GET stream to the upstream", Duration.ofSeconds(20),
                () -> Integer.parseInt(text("event_streams")) >= 2);

        assertThat(text("ask_sampling_unrelated")).contains("sampled by the test client");
    }

    private static CallToolResult call(String tool) {
        return client.callTool(new CallToolRequest(tool, Map.of()));
    }

    private static String text(String tool) {
        return ((McpSchema.TextContent) call(tool).content().getFirst()).text();
    }
}
