package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.mrtr.RequestStateKeys;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.ProxyProcess;
import dev.mcpproxy.proxy.testing.Resources;
import dev.mcpproxy.proxy.testing.TsSdkPeers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi round-trip bridging: server-everything (2025 era, stateful) asks the client for an
 * elicitation or a sampling while answering a tool call; a 2026-07-28 client gets an
 * {@code input_required} result and retries with its answer and the echoed {@code requestState}.
 * Two proxy processes ({@code java … Main}, as deployed microVMs run it) share only their YAML
 * configuration and {@value RequestStateKeys#MATERIAL_ENV}, and every POST of the client goes to
 * the other one, so each retry is completed by the process that did not see the first attempt.
 */
class MrtrBridgingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_MATERIAL = "test-only requestState key material, 0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;
    private static EverythingServer everything;
    private static Path config;
    private static ProxyProcess first;
    private static ProxyProcess second;

    @BeforeAll
    static void start() throws Exception {
        everything = EverythingServer.start();
        // Stateful mode: its upstream connections declare sampling and elicitation, so the upstream asks.
        // PII scanning is off: what it does to input requests and answers is tested on its own.
        config = Files.writeString(directory.resolve("proxy.yaml"), """
                server: {host: 127.0.0.1, sessionMode: stateful, shutdownGraceSeconds: 1}
                identity: {mode: none}
                pii: {enabled: false}
                federation: {refreshSeconds: 0}
                upstreams:
                  - name: everything
                    url: %s
                """.formatted(everything.url()));
        first = proxy(KEY_MATERIAL, "first");
        second = proxy(KEY_MATERIAL, "second");
    }

    @AfterAll
    static void stop() throws Exception {
        Resources.closeAll(first, second, everything);
    }

    private static ProxyProcess proxy(String keyMaterial, String name) throws Exception {
        return ProxyProcess.start(ProxyProcess.classPathLaunch(), List.of("--config", config.toString()),
                Map.of(RequestStateKeys.MATERIAL_ENV, keyMaterial), directory.resolve(name + ".log"),
                Duration.ofSeconds(90), MrtrBridgingTest::listsTools);
    }

    private static boolean listsTools(URI endpoint) throws InterruptedException {
        try {
            JsonNode tools = new JsonRpcHttpClient(endpoint, Map.of()).initialize()
                    .post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").at("/result/tools");
            return tools.isArray() && !tools.isEmpty();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception notYet) {
            return false;
        }
    }

    @Test
    void aModernClientAnswersALegacyUpstreamsElicitationAndSamplingAcrossTwoInstances() throws Exception {
        String endpoints = first.endpoint() + "," + second.endpoint();
        try (TsSdkPeers.NodeProcess client = TsSdkPeers.run("ts-sdk-client.mjs", endpoints, "auto", "mrtr")) {
            JsonNode out = JSON.readTree(client.nextLine(90));
            assertThat(client.await(90)).isZero();

            assertThat(out.get("asked")).extracting(question -> question.get("method").asText())
                    .containsExactly("elicitation/create", "sampling/createMessage");
            assertThat(out.at("/elicited/content/1/text").asText()).contains("Name: Ada Lovelace");
            assertThat(out.at("/sampled/content/0/text").asText()).contains("Paris, from the client");
            // discover, then per tool: the first attempt on one instance, the retry on the other.
            assertThat(out.get("visited")).hasSize(5);
        }
    }

    @Test
    void theFirstAttemptIsAnInputRequiredResultWithAnOpaqueSealedState() throws Exception {
        JsonNode first = call(MrtrBridgingTest.first.endpoint(), null, null);

        JsonNode result = first.get("result");
        assertThat(result.get("resultType").asText()).isEqualTo("input_required");
        JsonNode question = result.get("inputRequests").properties().iterator().next().getValue();
        assertThat(question.get("method").asText()).isEqualTo("elicitation/create");
        assertThat(question.at("/params/requestedSchema/required/0").asText()).isEqualTo("name");
        String state = result.get("requestState").asText();
        assertThat(state).doesNotContain("elicitation").doesNotContain("everything");

        String key = result.get("inputRequests").properties().iterator().next().getKey();
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject(key).put("action", "accept").putObject("content").put("name", "Grace Hopper");
        JsonNode done = call(second.endpoint(), state, answer);

        assertThat(done.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(done.at("/result/content/1/text").asText()).contains("Name: Grace Hopper");
    }

    @Test
    void aForgedOrAlteredStateIsRejected() throws Exception {
        String state = call(first.endpoint(), null, null).at("/result/requestState").asText();
        char last = state.charAt(state.length() - 2);
        String altered = state.substring(0, state.length() - 2) + (last == 'A' ? 'B' : 'A') + state.charAt(state.length() - 1);
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("q0").put("action", "accept").putObject("content").put("name", "Mallory");

        for (String forged : List.of("forged-state", altered, state.substring(1))) {
            HttpResponse<String> response = post(second.endpoint(), body(forged, answer));
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-32602);
            assertThat(error.get("message").asText()).contains("requestState");
        }
        try (ProxyProcess otherKey = proxy("another key material, not shared, 0123456789", "other-key")) {
            HttpResponse<String> response = post(otherKey.endpoint(), body(state, answer));
            assertThat(response.statusCode()).as("a state sealed under another key").isEqualTo(400);
        }
    }

    @Test
    void aStateIsBoundToItsRequest() throws Exception {
        String state = call(first.endpoint(), null, null).at("/result/requestState").asText();
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("q0").put("action", "accept").putObject("content").put("name", "Ada");
        ObjectNode otherTool = (ObjectNode) JSON.readTree(body(state, answer));
        ((ObjectNode) otherTool.get("params")).put("name", "trigger-sampling-request");

        HttpResponse<String> response = post(second.endpoint(), JSON.writeValueAsString(otherTool),
                "trigger-sampling-request");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("requestState belongs to another request");
    }

    private static JsonNode call(URI endpoint, String state, ObjectNode answers) throws Exception {
        HttpResponse<String> response = post(endpoint, body(state, answers));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String body(String state, ObjectNode answers) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "m-" + System.nanoTime())
                .put("method", "tools/call");
        ObjectNode params = request.putObject("params").put("name", "trigger-elicitation-request");
        params.putObject("arguments");
        ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities").putObject("elicitation");
        if (state != null) {
            params.put("requestState", state);
            params.set("inputResponses", answers);
        }
        return JSON.writeValueAsString(request);
    }

    private static HttpResponse<String> post(URI endpoint, String body) throws Exception {
        return post(endpoint, body, "trigger-elicitation-request");
    }

    private static HttpResponse<String> post(URI endpoint, String body, String name) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", ProxyUnderTest.ACCEPT_BOTH)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .header("Mcp-Name", name)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
