package dev.mcpproxy.proxy.e2e;

import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful mode in front of {@code server-everything}: the proxy's own session ids, and
 * server-to-client requests (sampling, elicitation) relayed to the client and answered back.
 */
class StatefulSessionsTest {
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private static EverythingServer everything;
    private static ProxyUnderTest proxy;
    private static McpSyncClient client;
    private static final List<McpSchema.CreateMessageRequest> samplingRequests = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.ElicitFormRequest> elicitations = new CopyOnWriteArrayList<>();
    private static final List<McpSchema.ResourceContents> updates = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        everything = EverythingServer.start();
        proxy = ProxyUnderTest.start(SessionMode.STATEFUL, List.of(UpstreamConfig.of("everything", everything.url())));
        client = McpClients.to(proxy.endpoint())
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
                .roots(new McpSchema.Root("file:///work/project", "project"))
                .sampling(request -> {
                    samplingRequests.add(request);
                    return McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                            .content(new McpSchema.TextContent("sampled by the test client")).model("test-model")
                            .stopReason(McpSchema.CreateMessageResult.StopReason.END_TURN).build();
                })
                .elicitation(request -> {
                    elicitations.add(request);
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                            Map.of("name", "Grace Hopper", "check", true, "integer", 7));
                })
                .resourcesUpdateConsumer(updates::addAll)
                .build();
        client.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(client, proxy, everything);
    }

    @Test
    void relaysASamplingRequestToTheClientAndItsAnswerBack() {
        CallToolResult result = client.callTool(new CallToolRequest("trigger-sampling-request",
                Map.of("prompt", "Say hello", "maxTokens", 20)));

        assertThat(samplingRequests).isNotEmpty();
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.content().toString()).contains("sampled by the test client");
    }

    @Test
    void relaysAnElicitationRequestToTheClientAndItsAnswerBack() {
        CallToolResult result = client.callTool(new CallToolRequest("trigger-elicitation-request", Map.of()));

        assertThat(elicitations).isNotEmpty();
        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.content().toString()).contains("Grace Hopper");
    }

    /** server-everything sends subscribed resource updates on its own stream, every 5 s once toggled on. */
    @Test
    void relaysResourceUpdatesFromTheUpstreamsStreamToTheClientsStream() throws Exception {
        String uri = client.listResources().resources().getFirst().uri();
        client.subscribeResource(new McpSchema.SubscribeRequest(uri));
        client.callTool(new CallToolRequest("toggle-subscriber-updates", Map.of()));
        try {
            Eventually.until("a resource update arrives", Duration.ofSeconds(20), () -> !updates.isEmpty());
        } finally {
            client.callTool(new CallToolRequest("toggle-subscriber-updates", Map.of()));
            client.unsubscribeResource(new McpSchema.UnsubscribeRequest(uri));
        }

        assertThat(updates).extracting(McpSchema.ResourceContents::uri).contains(uri);
    }

    @Test
    void setsTheLogLevelOfTheSessionsUpstreams() {
        client.setLoggingLevel(McpSchema.LoggingLevel.WARNING);
    }

    @Test
    void relaysARootsRequestToTheClient() {
        CallToolResult result = client.callTool(new CallToolRequest("get-roots-list", Map.of()));

        assertThat(result.content().toString()).contains("file:///work/project");
    }

    @Test
    void plainCallsWorkInsideASession() {
        CallToolResult result = client.callTool(new CallToolRequest("echo", Map.of("message", "stateful")));

        assertThat(result.content().toString()).contains("stateful");
    }

    @Test
    void issuesUnguessableSessionIdsAndRequiresThem() throws Exception {
        HttpResponse<String> first = proxy.post(INITIALIZE);
        HttpResponse<String> second = proxy.post(INITIALIZE);
        String id = first.headers().firstValue("Mcp-Session-Id").orElseThrow();

        assertThat(id).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second.headers().firstValue("Mcp-Session-Id")
                .orElseThrow());
        assertThat(proxy.post(request(2, "tools/list", Map.of())).statusCode()).isEqualTo(400);
        assertThat(proxy.post(request(2, "tools/list", Map.of()), "Mcp-Session-Id", "guessed").statusCode())
                .isEqualTo(404);
        HttpResponse<String> listed = proxy.post(request(2, "tools/list", Map.of()), "Mcp-Session-Id", id);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json(listed).at("/result/tools").size()).isPositive();
    }

    @Test
    void pingWithoutSessionAlwaysWorksForTheHealthProbe() throws Exception {
        assertThat(proxy.post(request(1, "ping", Map.of())).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteEndsTheSession() throws Exception {
        String id = proxy.post(INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> deleted = proxy.send(HttpRequest.newBuilder(proxy.endpoint())
                .header("Mcp-Session-Id", id).DELETE().build());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(proxy.post(request(2, "ping", Map.of()), "Mcp-Session-Id", id).statusCode()).isEqualTo(404);
    }

    @Test
    void getOpensTheSessionsEventStream() throws Exception {
        String id = proxy.post(INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<java.io.InputStream> stream = proxy.sendStreaming(HttpRequest.newBuilder(proxy.endpoint())
                .header("Mcp-Session-Id", id).header("Accept", "text/event-stream").GET().build());

        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        stream.body().close();
    }
}
