package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.RecordingHttpServer;
import dev.mcpproxy.proxy.testing.ScriptedMcpUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a 2026-07-28 client's request becomes on the wire to a 2025-era upstream (recorded by the
 * upstream): the client's version and identity stay on the client's hop, its capabilities and log
 * level travel on, and the upstream sees the 2025 session's headers.
 */
class ModernRequestUpstreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theClientsHopStaysWithTheProxy() throws Exception {
        try (ScriptedMcpUpstream upstream = new ScriptedMcpUpstream();
             ProxyUnderTest proxy = ProxyUnderTest.start(SessionMode.STATELESS,
                     List.of(UpstreamConfig.of("scripted", upstream.url().toString())))) {
            HttpResponse<String> response = proxy.post("""
                    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{},
                     "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                              "io.modelcontextprotocol/clientCapabilities":{"elicitation":{}},
                              "io.modelcontextprotocol/clientInfo":{"name":"client","version":"1"},
                              "io.modelcontextprotocol/logLevel":"warning","progressToken":"p-1"}}}""",
                    "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "echo");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/result/resultType").asText()).isEqualTo("complete");
            RecordingHttpServer.Received call = upstream.received().stream()
                    .filter(r -> r.bodyText().contains("\"tools/call\"")).findFirst().orElseThrow();
            JsonNode meta = JSON.readTree(call.body()).at("/params/_meta");
            assertThat(meta.has("io.modelcontextprotocol/protocolVersion")).isFalse();
            assertThat(meta.has("io.modelcontextprotocol/clientInfo")).isFalse();
            assertThat(meta.get("io.modelcontextprotocol/clientCapabilities").has("elicitation")).isTrue();
            assertThat(meta.get("io.modelcontextprotocol/logLevel").asText()).isEqualTo("warning");
            assertThat(meta.get("progressToken").asText()).isEqualTo("p-1");
            assertThat(headerOf(call, "mcp-protocol-version")).isEqualTo("2025-11-25");
            assertThat(headerOf(call, "mcp-method")).as("no 2026-07-28 headers toward a 2025-era upstream").isNull();
        }
    }

    private static String headerOf(RecordingHttpServer.Received request, String name) {
        return request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }
}
