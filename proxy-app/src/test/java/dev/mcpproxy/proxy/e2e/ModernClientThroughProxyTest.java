package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real 2026-07-28 client, {@code @modelcontextprotocol/client} 2.x in {@code auto} mode (it probes
 * with {@code server/discover} and stays modern), through the proxy to the 2025-era reference
 * server, against the same client in 2025 mode straight at that server: listings, tool calls,
 * resources, prompts and completion agree, and list changes arrive on {@code subscriptions/listen}.
 */
class ModernClientThroughProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SCRIPT_SECONDS = 90;

    private static EverythingServer everything;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        everything = EverythingServer.start();
        proxy = ProxyUnderTest.start(SessionMode.STATELESS, List.of(UpstreamConfig.of("everything", everything.url())));
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(proxy, everything);
    }

    private static JsonNode tour(String url, String mode) throws Exception {
        try (TsSdkPeers.NodeProcess client = TsSdkPeers.run("ts-sdk-client.mjs", url, mode, "tour")) {
            JsonNode out = JSON.readTree(client.nextLine(SCRIPT_SECONDS));
            assertThat(client.await(SCRIPT_SECONDS)).isZero();
            return out;
        }
    }

    @Test
    void aModernClientThroughTheProxyGetsWhatALegacyClientGetsStraightFromTheUpstream() throws Exception {
        JsonNode direct = tour(everything.url(), "legacy");
        JsonNode modern = tour(proxy.endpoint().toString(), "auto");

        assertThat(modern.at("/discover/supportedVersions/0").asText())
                .as("the client negotiated the modern era").isEqualTo("2026-07-28");
        assertThat(modern.at("/discover/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
                .isEqualTo("agentcore-mcp-proxy");
        // The 2026-07-28 Tool schema has no execution field (tasks became an extension), so the
        // modern client drops it; the proxy still sends it (see the raw listing below).
        assertThat(modern.get("tools")).isEqualTo(withoutExecution(direct.get("tools")));
        for (String field : List.of("resources", "resourceTemplates", "prompts", "echo", "sum", "structured", "read",
                "prompt", "completion")) {
            assertThat(modern.get(field)).as(field).isEqualTo(direct.get(field));
        }
        assertThat(modern.at("/echo/content/0/text").asText()).contains("hello modern proxy");
        assertThat(modern.at("/completion/completion/values").isArray()).isTrue();
    }

    @Test
    void theRawModernListingEqualsTheUpstreamsFieldForField() throws Exception {
        RawMcpSession direct = RawMcpSession.open(everything.url());
        HttpResponse<String> modern = proxy.post("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
                 "io.modelcontextprotocol/protocolVersion":"2026-07-28",
                 "io.modelcontextprotocol/clientCapabilities":{}}}}""",
                "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/list");

        assertThat(modern.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(modern.body()).at("/result/tools")).isEqualTo(direct.listAll("tools/list", "tools"));
    }

    @Test
    void listChangesReachAModernClientOnItsSubscriptionStream() throws Exception {
        try (ScriptedUpstreamPeer peer = new ScriptedUpstreamPeer();
             ProxyUnderTest scripted = ProxyUnderTest.start(SessionMode.STATELESS,
                     List.of(UpstreamConfig.of("peer", peer.url())));
             TsSdkPeers.NodeProcess listener = TsSdkPeers.run("ts-sdk-client.mjs", scripted.endpoint().toString(),
                     "auto", "listen")) {
            JsonNode listening = JSON.readTree(listener.nextLine(SCRIPT_SECONDS));
            assertThat(listening.at("/listening/toolsListChanged").asBoolean()).isTrue();

            HttpResponse<String> grow = scripted.post("""
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"misbehave",
                     "arguments":{"answer":"grow"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                     "io.modelcontextprotocol/clientCapabilities":{}}}}""",
                    "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "misbehave");
            assertThat(grow.statusCode()).isEqualTo(200);

            JsonNode changed = JSON.readTree(listener.nextLine(SCRIPT_SECONDS));
            assertThat(changed.get("changedTools")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder("misbehave", "grown");
            assertThat(listener.await(SCRIPT_SECONDS)).isZero();
        }
    }

    @Test
    void anUpstreamQuestionNeedingAnUndeclaredCapabilityIsMissingRequiredClientCapability() throws Exception {
        try (ProxyUnderTest stateful = ProxyUnderTest.start(SessionMode.STATEFUL,
                List.of(UpstreamConfig.of("everything", everything.url())))) {
            String call = """
                    {"jsonrpc":"2.0","id":"e-1","method":"tools/call","params":{"name":"trigger-elicitation-request",
                     "arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                     "io.modelcontextprotocol/clientCapabilities":%s}}}""";
            String[] headers = {"MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                    "Mcp-Name", "trigger-elicitation-request"};

            HttpResponse<String> undeclared = stateful.post(call.formatted("{}"), headers);
            HttpResponse<String> declared = stateful.post(call.formatted("{\"elicitation\":{}}"), headers);

            assertThat(undeclared.statusCode()).as(undeclared.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(undeclared.body()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-32021);
            assertThat(error.at("/data/requiredCapabilities").has("elicitation")).isTrue();
            assertThat(JSON.readTree(undeclared.body()).get("id").asText()).isEqualTo("e-1");
            assertThat(declared.body()).as("a declared capability is not refused as missing").doesNotContain("-32021");
        }
    }

    @Test
    void resourceUpdatesReachTheStreamsThatSubscribedToThem() throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
        String uri = JSON.readTree(proxy.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\","
                + "\"params\":{" + meta + "}}", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "resources/list")
                .body()).at("/result/resources/0/uri").asText();
        String listen = "{\"jsonrpc\":\"2.0\",\"id\":\"sub-r\",\"method\":\"subscriptions/listen\",\"params\":{"
                + "\"notifications\":{\"resourceSubscriptions\":[\"" + uri + "\",\"nowhere://x\"]}," + meta + "}}";
        HttpResponse<java.io.InputStream> stream = proxy.sendStreaming(java.net.http.HttpRequest.newBuilder(proxy.endpoint())
                .header("Content-Type", "application/json").header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "subscriptions/listen")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(listen)).build());
        try (java.io.BufferedReader events = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            JsonNode ack = nextEvent(events);
            assertThat(ack.at("/params/notifications/resourceSubscriptions").toString()).isEqualTo("[\"" + uri + "\"]");

            HttpResponse<String> toggled = proxy.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"toggle-subscriber-updates\",\"arguments\":{}," + meta + "}}",
                    "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call",
                    "Mcp-Name", "toggle-subscriber-updates");
            assertThat(toggled.statusCode()).isEqualTo(200);

            JsonNode updated = nextEvent(events);
            assertThat(updated.get("method").asText()).isEqualTo("notifications/resources/updated");
            assertThat(updated.at("/params/uri").asText()).isEqualTo(uri);
            assertThat(updated.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText()).isEqualTo("sub-r");
        }
    }

    /** The next SSE event's JSON; keep-alive comments (every 15 s) are skipped until a deadline. */
    static JsonNode nextEvent(java.io.BufferedReader events) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(40);
        for (String line = events.readLine(); line != null && System.nanoTime() < deadline; line = events.readLine()) {
            if (line.startsWith("data: ")) {
                return JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("no event within 40 s");
    }

    private static JsonNode withoutExecution(JsonNode tools) {
        ArrayNode copy = ((ArrayNode) tools).deepCopy();
        copy.forEach(tool -> ((ObjectNode) tool).remove("execution"));
        return copy;
    }
}
