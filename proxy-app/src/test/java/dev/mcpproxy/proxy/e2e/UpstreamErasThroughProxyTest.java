package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.demo.DemoUpstream;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream's era is found per upstream, independently of the client's: {@code protocol: auto}
 * probes with {@code server/discover} and falls back to the 2025 handshake. Real peers: a
 * 2026-07-28-only server built on {@code @modelcontextprotocol/server} 2.x, server-everything
 * (2025 only) and the demo (both). Clients: the MCP Java SDK 2.1.0 (2025 era) and
 * {@code @modelcontextprotocol/client} 2.x (2026-07-28), each through the proxy.
 */
class UpstreamErasThroughProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SCRIPT_SECONDS = 90;

    private static TsSdkPeers.NodeProcess modernServer;
    private static String modernUrl;
    private static EverythingServer everything;
    private static DemoUpstream demo;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        modernServer = TsSdkPeers.run("ts-sdk-server.mjs", "modern-only");
        modernUrl = modernServer.announcedBase(SCRIPT_SECONDS) + "/mcp";
        everything = EverythingServer.start();
        demo = DemoUpstream.start("127.0.0.1", 0);
        proxy = ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("modern", modernUrl),
                UpstreamConfig.of("everything", everything.url()).withToolPrefix("ev"),
                UpstreamConfig.of("demo", demo.url().toString()).withToolPrefix("demo")));
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(proxy, demo, everything, modernServer);
    }

    private static JsonNode health() throws Exception {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/health")).GET().build());
        return JSON.readTree(response.body());
    }

    private static String protocolOf(JsonNode health, String upstream) {
        for (JsonNode item : health.get("upstreams")) {
            if (item.get("name").asText().equals(upstream)) {
                return item.path("protocolVersion").asText();
            }
        }
        throw new AssertionError("no upstream " + upstream + " in " + health);
    }

    @Test
    void eachUpstreamSpeaksTheEraItWasFoundOrConfiguredToSpeak() throws Exception {
        JsonNode health = health();

        assertThat(health.get("status").asText()).isEqualTo("ready");
        assertThat(protocolOf(health, "modern")).isEqualTo("2026-07-28");
        assertThat(protocolOf(health, "everything")).isEqualTo("2025-11-25");
        assertThat(protocolOf(health, "demo")).as("the demo speaks both eras").isEqualTo("2026-07-28");
    }

    @Test
    void aModernClientsResourceSubscriptionReachesAModernUpstreamAndItsUpdatesComeBack() throws Exception {
        String listen = """
                {"jsonrpc":"2.0","id":"sub-m","method":"subscriptions/listen","params":{
                 "notifications":{"resourceSubscriptions":["test://greeting"]},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                 "io.modelcontextprotocol/clientCapabilities":{}}}}""";
        HttpResponse<InputStream> stream = proxy.sendStreaming(HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json").header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofString(listen)).build());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            JsonNode ack = ModernClientThroughProxyTest.nextEvent(events);
            assertThat(ack.at("/params/notifications/resourceSubscriptions").toString())
                    .as("the modern upstream acknowledged the proxy's own listen stream for the resource")
                    .isEqualTo("[\"test://greeting\"]");

            HttpResponse<String> changed = proxy.send(HttpRequest.newBuilder(
                    java.net.URI.create(modernUrl.replace("/mcp", "/updated?uri=test://greeting")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(changed.statusCode()).isEqualTo(204);

            JsonNode updated = ModernClientThroughProxyTest.nextEvent(events);
            assertThat(updated.get("method").asText()).isEqualTo("notifications/resources/updated");
            assertThat(updated.at("/params/uri").asText()).isEqualTo("test://greeting");
            assertThat(updated.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText())
                    .as("tagged with the client's subscription, not the proxy's upstream one").isEqualTo("sub-m");
        }
    }

    @Test
    void anUpstreamPinnedToA2025VersionIsNotProbed() throws Exception {
        try (ProxyUnderTest pinned = ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("demo", demo.url().toString()).withProtocol("2025-06-18")))) {
            JsonNode health = JSON.readTree(pinned.send(HttpRequest.newBuilder(pinned.uri("/health")).GET().build())
                    .body());

            assertThat(health.at("/upstreams/0/protocolVersion").asText()).isEqualTo("2025-06-18");
        }
    }

    @Test
    void aLegacyJavaClientUsesAModernUpstreamThroughTheProxy() throws Exception {
        JsonNode direct = modernTour(modernUrl);
        McpSyncClient client = McpClients.to(proxy.endpoint()).build();
        try {
            client.initialize();
            List<String> upstreamTools = direct.get("tools").valueStream().map(tool -> tool.get("name").asText())
                    .toList();
            List<McpSchema.Tool> tools = client.listTools().tools().stream()
                    .filter(tool -> upstreamTools.contains(tool.name())).toList();
            McpSchema.CallToolResult shout = client.callTool(new McpSchema.CallToolRequest("shout",
                    Map.of("message", "quiet please")));
            McpSchema.CallToolResult add = client.callTool(new McpSchema.CallToolRequest("add", Map.of("a", 20, "b", 22)));
            McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("test://greeting"));
            McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("haiku",
                    Map.of("topic", "proxies")));

            JsonNode proxied = JSON.valueToTree(tools);
            JsonNode straight = JSON.valueToTree(JSON.convertValue(direct.get("tools"), McpSchema.Tool[].class));
            assertThat(proxied).isEqualTo(straight);
            assertThat(((McpSchema.TextContent) shout.content().getFirst()).text()).isEqualTo("QUIET PLEASE");
            assertThat(add.structuredContent()).isEqualTo(Map.of("sum", 42));
            assertThat(((McpSchema.TextResourceContents) read.contents().getFirst()).text())
                    .isEqualTo("hello from the modern server");
            assertThat(((McpSchema.TextContent) prompt.messages().getFirst().content()).text())
                    .isEqualTo("Write a haiku about proxies");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void aModernClientGetsFromAModernUpstreamThroughTheProxyWhatItGetsDirectly() throws Exception {
        JsonNode direct = modernTour(modernUrl);
        JsonNode viaProxy = modernTour(proxy.endpoint().toString());

        List<String> upstreamTools = direct.get("tools").valueStream().map(tool -> tool.get("name").asText()).toList();
        JsonNode proxiedTools = JSON.valueToTree(viaProxy.get("tools").valueStream()
                .filter(tool -> upstreamTools.contains(tool.get("name").asText())).toList());
        assertThat(proxiedTools).isEqualTo(direct.get("tools"));
        for (String field : List.of("shout", "add", "read", "prompt", "confirm", "asked", "locate")) {
            assertThat(viaProxy.get(field)).as(field).isEqualTo(direct.get(field));
        }
        assertThat(viaProxy.at("/add/structuredContent/sum").asInt()).isEqualTo(42);
        // The upstream's input_required reached the client as the proxy's own (sealed state), and back.
        assertThat(viaProxy.at("/confirm/content/0/text").asText()).isEqualTo("deploy confirmed");
        // Mcp-Param-* headers: checked by the proxy on the way in, mirrored again toward the upstream.
        assertThat(viaProxy.at("/locate/content/0/text").asText()).isEqualTo("3 in eu-central-1");
    }

    @Test
    void theTypeScriptClientInLegacyModeGetsThroughAStatefulProxyWhatItGetsDirectlyInModernMode() throws Exception {
        JsonNode direct = modernTour(modernUrl);
        try (ProxyUnderTest stateful = ProxyUnderTest.start(SessionMode.STATEFUL,
                List.of(UpstreamConfig.of("modern", modernUrl)));
             TsSdkPeers.NodeProcess client = TsSdkPeers.run("ts-sdk-client.mjs", stateful.endpoint().toString(),
                     "legacy", "ts-server")) {
            JsonNode legacy = JSON.readTree(client.nextLine(SCRIPT_SECONDS));
            assertThat(client.await(SCRIPT_SECONDS)).isZero();

            assertThat(legacy.get("tools")).isEqualTo(direct.get("tools"));
            // The modern upstream's input_required reached the 2025 client as an elicitation request.
            for (String field : List.of("shout", "add", "read", "prompt", "confirm", "asked", "locate")) {
                assertThat(legacy.get(field)).as(field).isEqualTo(direct.get(field));
            }
        }
    }

    @Test
    void aModernUpstreamsQuestionReachesAStatefulLegacyClientAsAServerRequest() throws Exception {
        List<McpSchema.ElicitRequest> asked = new CopyOnWriteArrayList<>();
        try (ProxyUnderTest stateful = ProxyUnderTest.start(SessionMode.STATEFUL,
                List.of(UpstreamConfig.of("modern", modernUrl)))) {
            McpSyncClient client = McpClients.to(stateful.endpoint())
                    .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(request -> {
                        asked.add(request);
                        return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("ok", true));
                    }).build();
            try {
                client.initialize();
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("confirm",
                        Map.of("action", "deploy")));

                assertThat(asked).extracting(McpSchema.ElicitRequest::message).containsExactly("Confirm deploy?");
                assertThat(((McpSchema.TextContent) result.content().getFirst()).text()).isEqualTo("deploy confirmed");
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void aModernUpstreamsQuestionThatAStatelessLegacyClientCannotGetIsAnErrorSayingWhy() throws Exception {
        HttpResponse<String> response = proxy.post(
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"confirm\","
                        + "\"arguments\":{\"action\":\"x\"}}}");

        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32021);
        assertThat(error.get("message").asText()).contains("elicitation/create");
    }

    @Test
    void aModernUpstreamsInputRequestReachesAModernClientUnderTheUpstreamsOwnKey() throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}";
        String[] headers = {"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "confirm"};
        JsonNode first = JSON.readTree(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"confirm\",\"arguments\":{\"action\":\"ship\"}," + meta + "}}", headers)
                .body());

        assertThat(first.at("/result/resultType").asText()).isEqualTo("input_required");
        assertThat(first.at("/result/inputRequests").properties()).extracting(Map.Entry::getKey)
                .as("the key ts-sdk-server.mjs gave its question").containsExactly("confirm");
        assertThat(first.at("/result/inputRequests/confirm/params/message").asText()).isEqualTo("Confirm ship?");

        JsonNode retry = JSON.readTree(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"confirm\",\"arguments\":{\"action\":\"ship\"},"
                + "\"inputResponses\":{\"confirm\":{\"action\":\"accept\",\"content\":{\"ok\":true}}},"
                + "\"requestState\":" + first.at("/result/requestState") + "," + meta + "}}", headers).body());

        assertThat(retry.at("/result/content/0/text").asText()).as(retry.toString()).isEqualTo("ship confirmed");
    }

    @Test
    void mirroredArgumentHeadersMustMatchTheBody() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"locate\","
                + "\"arguments\":{\"region\":\"eu-central-1\",\"count\":3},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        String[] base = {"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "locate"};

        HttpResponse<String> matching = proxy.post(call, with(base, "Mcp-Param-Region", "eu-central-1",
                "Mcp-Param-Count", "3.0"));
        HttpResponse<String> encoded = proxy.post(call, with(base, "Mcp-Param-Region",
                "=?base64?ZXUtY2VudHJhbC0x?=", "Mcp-Param-Count", "3"));
        HttpResponse<String> missing = proxy.post(call, with(base, "Mcp-Param-Region", "eu-central-1"));
        HttpResponse<String> different = proxy.post(call, with(base, "Mcp-Param-Region", "us-east-1",
                "Mcp-Param-Count", "3"));

        assertThat(matching.statusCode()).as(matching.body()).isEqualTo(200);
        assertThat(JSON.readTree(matching.body()).at("/result/content/0/text").asText()).isEqualTo("3 in eu-central-1");
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        for (HttpResponse<String> refused : List.of(missing, different)) {
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).at("/error/code").asInt()).isEqualTo(-32020);
            assertThat(JSON.readTree(refused.body()).get("id").asText()).isEqualTo("p-1");
        }
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void anUpstreamPinnedToTheModernEraThatCannotSpeakItIsReportedWithTheReason() throws Exception {
        try (ProxyUnderTest pinned = ProxyUnderTest.start(SessionMode.STATELESS, List.of(
                UpstreamConfig.of("demo", demo.url().toString()),
                UpstreamConfig.of("old", everything.url()).withToolPrefix("old").withProtocol("2026-07-28")))) {
            JsonNode health = JSON.readTree(pinned.send(HttpRequest.newBuilder(pinned.uri("/health")).GET().build())
                    .body());
            JsonNode old = health.get("upstreams").valueStream()
                    .filter(item -> item.get("name").asText().equals("old")).findFirst().orElseThrow();

            assertThat(old.get("state").asText()).isNotEqualTo("ready");
            assertThat(old.get("lastError").asText()).contains("configured for protocol 2026-07-28")
                    .contains("server/discover");
        }
    }

    private static JsonNode modernTour(String url) throws Exception {
        try (TsSdkPeers.NodeProcess client = TsSdkPeers.run("ts-sdk-client.mjs", url, "auto", "ts-server")) {
            JsonNode out = JSON.readTree(client.nextLine(SCRIPT_SECONDS));
            assertThat(client.await(SCRIPT_SECONDS)).isZero();
            return out;
        }
    }
}
