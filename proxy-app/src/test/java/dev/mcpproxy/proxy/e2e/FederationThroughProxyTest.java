package dev.mcpproxy.proxy.e2e;

import dev.mcpproxy.proxy.testing.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.federation.FederationException;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real upstreams (server-everything and an MCP Java SDK server that lists its tools in pages)
 * federated behind one proxy with tool prefixes.
 */
class FederationThroughProxyTest {
    private static EverythingServer everything;
    private static JavaSdkUpstream java;
    private static ProxyUnderTest proxy;
    private static McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        everything = EverythingServer.start();
        java = JavaSdkUpstream.builder().stateful(false).extraTools(7).pageSize(4).start();
        proxy = ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("everything", everything.url()).withToolPrefix("ev"),
                UpstreamConfig.of("java", java.url()).withToolPrefix("java")));
        client = McpClients.to(proxy.endpoint()).build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(client, proxy, java, everything);
    }

    @Test
    void listsTheToolsOfBothUpstreamsUnchangedButForThePrefix() throws Exception {
        ArrayNode proxied = RawMcpSession.open(proxy.endpoint().toString()).listAll("tools/list", "tools");
        ArrayNode direct = RawMcpSession.open(everything.url()).listAll("tools/list", "tools");

        List<JsonNode> fromEverything = new ArrayList<>();
        for (JsonNode tool : proxied) {
            if (tool.get("name").asText().startsWith("ev__")) {
                ObjectNode unprefixed = tool.deepCopy();
                unprefixed.put("name", tool.get("name").asText().substring("ev__".length()));
                fromEverything.add(unprefixed);
            }
        }
        assertThat(fromEverything).containsExactlyElementsOf(direct::elements);
    }

    @Test
    void followsEveryPageOfAPagedUpstream() throws Exception {
        List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name)
                .filter(name -> name.startsWith("java__")).toList();
        List<String> direct = new ArrayList<>();
        RawMcpSession.open(java.url()).listAll("tools/list", "tools").forEach(t -> direct.add("java__" + t.get("name").asText()));

        assertThat(direct).hasSizeGreaterThan(4).contains("java__tool-0007");
        assertThat(names).containsExactlyElementsOf(direct);
    }

    @Test
    void routesEachCallToItsUpstream() {
        McpSchema.CallToolResult fromJava = client.callTool(new CallToolRequest("java__echo", Map.of("message", "hi")));
        McpSchema.CallToolResult fromEverything = client.callTool(new CallToolRequest("ev__echo",
                Map.of("message", "hi")));
        McpSchema.CallToolResult structured = client.callTool(new CallToolRequest("java__add", Map.of("a", 2, "b", 3)));
        McpSchema.CallToolResult failed = client.callTool(new CallToolRequest("java__fail", Map.of()));

        assertThat(((McpSchema.TextContent) fromJava.content().getFirst()).text()).isEqualTo("Echo: hi");
        assertThat(((McpSchema.TextContent) fromEverything.content().getFirst()).text()).contains("hi");
        assertThat(structured.structuredContent()).isEqualTo(Map.of("sum", 5.0));
        assertThat(failed.isError()).isTrue();
    }

    @Test
    void routesResourcesAndTemplatesByUri() {
        McpSchema.ReadResourceResult listed = client.readResource(
                new McpSchema.ReadResourceRequest(JavaSdkUpstream.STATIC_RESOURCE));
        McpSchema.ReadResourceResult templated = client.readResource(new McpSchema.ReadResourceRequest("java://items/42"));

        assertThat(((McpSchema.TextResourceContents) listed.contents().getFirst()).text())
                .isEqualTo("Hello from the Java SDK");
        assertThat(((McpSchema.TextResourceContents) templated.contents().getFirst()).text())
                .isEqualTo("item java://items/42");
    }

    @Test
    void routesPromptsByTheirPrefixedName() {
        McpSchema.GetPromptResult result = client.getPrompt(new McpSchema.GetPromptRequest("java__greeting",
                Map.of("name", "Ada")));

        assertThat(((McpSchema.TextContent) result.messages().getFirst().content()).text()).isEqualTo("Say hello to Ada");
    }

    @Test
    void healthShowsBothUpstreamsReady() throws Exception {
        JsonNode health = ProxyUnderTest.json(proxy.send(HttpRequest.newBuilder(proxy.uri("/health"))
                .GET().build()));

        assertThat(health.path("status").asText()).isEqualTo("ready");
        assertThat(health.path("upstreams").findValuesAsText("name")).containsExactly("everything", "java");
    }

    @Test
    void collidingToolNamesStopTheStartNamingBothUpstreams() {
        assertThatThrownBy(() -> ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("everything", everything.url()), UpstreamConfig.of("java", java.url()))))
                .isInstanceOf(FederationException.class)
                .hasMessageContaining("'echo'").hasMessageContaining("everything").hasMessageContaining("java");
    }
}
