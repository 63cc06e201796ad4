package dev.mcpproxy.proxy.e2e;

import dev.mcpproxy.proxy.testing.Resources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.Eventually;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy (stateless mode) in front of the real {@code server-everything}, used by the MCP Java
 * SDK client and by a raw client that compares JSON field for field with the upstream itself.
 */
class EverythingThroughProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EverythingServer everything;
    private static ProxyUnderTest proxy;
    private static McpSyncClient client;
    private static final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        everything = EverythingServer.start();
        proxy = ProxyUnderTest.start(SessionMode.STATELESS, List.of(UpstreamConfig.of("everything", everything.url())));
        client = McpClients.to(proxy.endpoint()).progressConsumer(progress::add).build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(client, proxy, everything);
    }

    @Test
    void listingsEqualTheUpstreamsFieldForField() throws Exception {
        RawMcpSession direct = RawMcpSession.open(everything.url());
        RawMcpSession proxied = RawMcpSession.open(proxy.endpoint().toString());

        assertThat(proxied.listAll("tools/list", "tools")).isEqualTo(direct.listAll("tools/list", "tools"));
        assertThat(proxied.listAll("resources/list", "resources"))
                .isEqualTo(direct.listAll("resources/list", "resources"));
        assertThat(proxied.listAll("resources/templates/list", "resourceTemplates"))
                .isEqualTo(direct.listAll("resources/templates/list", "resourceTemplates"));
        assertThat(proxied.listAll("prompts/list", "prompts")).isEqualTo(direct.listAll("prompts/list", "prompts"));
    }

    @Test
    void initializeAnnouncesTheProxyAndTheUpstreamsCapabilities() {
        McpSchema.InitializeResult init = client.getCurrentInitializationResult();

        assertThat(init.serverInfo().name()).isEqualTo("agentcore-mcp-proxy");
        assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(init.capabilities().tools()).isNotNull();
        assertThat(init.capabilities().resources()).isNotNull();
        assertThat(init.capabilities().prompts()).isNotNull();
    }

    @Test
    void callsATextTool() {
        CallToolResult result = client.callTool(new CallToolRequest("echo", Map.of("message", "hello proxy")));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).contains("hello proxy");
    }

    @Test
    void callsAToolWithStructuredContent() {
        CallToolResult result = client.callTool(new CallToolRequest("get-structured-content",
                Map.of("location", "Chicago")));

        assertThat(result.structuredContent()).isEqualTo(Map.of("temperature", 36,
                "conditions", "Light rain / drizzle", "humidity", 82));
    }

    @Test
    void callsAToolReturningAnImage() {
        CallToolResult result = client.callTool(new CallToolRequest("get-tiny-image", Map.of()));

        McpSchema.ImageContent image = result.content().stream().filter(McpSchema.ImageContent.class::isInstance)
                .map(McpSchema.ImageContent.class::cast).findFirst().orElseThrow();
        assertThat(image.mimeType()).isEqualTo("image/png");
        assertThat(image.data()).isNotBlank();
    }

    @Test
    void passesAToolErrorResultOnAsAResult() throws Exception {
        RawMcpSession proxied = RawMcpSession.open(proxy.endpoint().toString());
        RawMcpSession direct = RawMcpSession.open(everything.url());
        ObjectNode badArguments = JSON.createObjectNode().put("name", "get-sum");
        badArguments.putObject("arguments").put("a", "not a number");

        JsonNode viaProxy = proxied.exchange("tools/call", badArguments).last();
        JsonNode straight = direct.exchange("tools/call", badArguments).last();

        assertThat(viaProxy.at("/result/isError").asBoolean()).isTrue();
        assertThat(viaProxy.get("result")).isEqualTo(straight.get("result"));
    }

    @Test
    void streamsProgressBeforeTheResultOfALongRunningTool() throws Exception {
        RawMcpSession proxied = RawMcpSession.open(proxy.endpoint().toString());
        ObjectNode params = JSON.createObjectNode().put("name", "trigger-long-running-operation");
        params.putObject("arguments").put("duration", 1).put("steps", 3);
        params.putObject("_meta").put("progressToken", "tok-1");

        RawMcpSession.Exchange exchange = proxied.exchange("tools/call", params);

        assertThat(exchange.streamed()).isTrue();
        List<JsonNode> messages = exchange.messages();
        assertThat(messages).hasSize(4);
        for (int step = 0; step < 3; step++) {
            assertThat(messages.get(step).path("method").asText()).isEqualTo("notifications/progress");
            assertThat(messages.get(step).at("/params/progressToken").asText()).isEqualTo("tok-1");
            assertThat(messages.get(step).at("/params/progress").asInt()).isEqualTo(step + 1);
        }
        assertThat(messages.get(3).at("/result/content/0/text").asText()).contains("Long running operation completed");
    }

    @Test
    void aToolCallQuietForLongerThanTheReadTimeoutIsNotCut() throws Exception {
        // The read timeout bounds the client (headers, body, reading the answer), not a slow tool.
        ServerConfig oneSecond = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null, 1, null,
                null, null, null, null, 1);
        try (ProxyUnderTest strict = ProxyUnderTest.start(oneSecond,
                List.of(UpstreamConfig.of("everything", everything.url())), CallerAuthenticator.NONE)) {
            ObjectNode params = JSON.createObjectNode().put("name", "trigger-long-running-operation");
            params.putObject("arguments").put("duration", 3).put("steps", 1);

            JsonNode answer = RawMcpSession.open(strict.endpoint().toString()).exchange("tools/call", params).last();

            assertThat(answer.at("/result/content/0/text").asText()).contains("Long running operation completed");
        }
    }

    @Test
    void sdkClientReceivesProgressOfALongRunningTool() {
        progress.clear();
        CallToolResult result = client.callTool(CallToolRequest.builder().name("trigger-long-running-operation")
                .arguments(Map.of("duration", 1, "steps", 2)).progressToken("sdk-progress").build());

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        // The SDK hands notifications to consumers on its own scheduler, possibly after the result.
        Eventually.until("both progress notifications consumed", Duration.ofSeconds(5), () -> progress.size() >= 2);
        assertThat(progress).extracting(McpSchema.ProgressNotification::progressToken)
                .containsExactly("sdk-progress", "sdk-progress");
    }

    @Test
    void readsAResource() throws Exception {
        McpSchema.Resource first = client.listResources().resources().getFirst();

        McpSchema.ReadResourceResult result = client.readResource(new McpSchema.ReadResourceRequest(first.uri()));

        assertThat(result.contents()).isNotEmpty();
        assertThat(result.contents().getFirst().uri()).isEqualTo(first.uri());
    }

    @Test
    void getsAPromptWithArguments() {
        McpSchema.GetPromptResult result = client.getPrompt(new McpSchema.GetPromptRequest("args-prompt",
                Map.of("city", "Lisbon", "state", "Estremadura")));

        assertThat(((McpSchema.TextContent) result.messages().getFirst().content()).text()).contains("Lisbon");
    }

    @Test
    void completesAPromptArgument() {
        McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("completable-prompt"),
                new McpSchema.CompleteRequest.CompleteArgument("department", "Eng")));

        assertThat(result.completion().values()).contains("Engineering");
    }

    @Test
    void completesAResourceTemplateArgumentAndReadsATemplatedResource() {
        String template = "demo://resource/dynamic/text/{resourceId}";
        McpSchema.CompleteResult completion = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.ResourceReference(template),
                new McpSchema.CompleteRequest.CompleteArgument("resourceId", "7")));
        McpSchema.ReadResourceResult read = client.readResource(
                new McpSchema.ReadResourceRequest("demo://resource/dynamic/text/3"));

        assertThat(completion.completion().values()).containsExactly("7");
        assertThat(read.contents().getFirst().uri()).isEqualTo("demo://resource/dynamic/text/3");
    }

    /** Acknowledged; the shared upstream connections keep their level (see docs/core.md). */
    @Test
    void acknowledgesLogLevelChanges() {
        client.setLoggingLevel(McpSchema.LoggingLevel.ERROR);
    }

    @Test
    void unknownToolIsAnErrorNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.callTool(
                        new CallToolRequest("no-such-tool", Map.of())))
                .hasMessageContaining("no-such-tool");
    }
}
