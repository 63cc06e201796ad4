package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.session.SharedUpstreams;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.JsonRpcHttpClient;
import dev.mcpproxy.proxy.testing.ServerRequestsUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateless mode with a real upstream (TypeScript SDK) whose tools ask the client for sampling,
 * elicitation, roots and ping although the proxy declared no such capability: the proxy answers
 * every such request at once, so the client's call ends promptly with the upstream's outcome, or,
 * when the upstream keeps waiting, with a -32021 error naming the call, the request and the setting.
 * "Promptly" is a bound far below the 60 s the upstream (and a TypeScript client) would wait.
 */
class StatelessServerRequestsTest {
    private static final Duration PROMPT = Duration.ofSeconds(20);

    private static ServerRequestsUpstream upstream;
    private static ProxyUnderTest proxy;
    private static JsonRpcHttpClient client;
    private static JsonNode initialized;

    @BeforeAll
    static void start() throws Exception {
        upstream = ServerRequestsUpstream.start();
        proxy = ProxyUnderTest.start(SessionMode.STATELESS, List.of(UpstreamConfig.of("asking", upstream.url())));
        client = new JsonRpcHttpClient(proxy.endpoint(), Map.of("MCP-Protocol-Version", "2025-11-25"));
        // A client that could answer: in stateless mode that does not reach the upstream.
        initialized = client.post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{\"sampling\":{},\"elicitation\":{},\"roots\":{}},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void theUpstreamIsToldTheProxyCannotBeAskedAnything() throws Exception {
        assertThat(text(client.callTool(1, "client_capabilities"))).isEqualTo("{}");
    }

    @Test
    void theProxyPromisesNoNotificationsItHasNoStreamFor() {
        JsonNode capabilities = initialized.at("/result/capabilities");
        assertThat(capabilities.path("tools").isObject()).as(capabilities.toString()).isTrue();
        assertThat(capabilities.findValues("listChanged")).isEmpty();
        assertThat(capabilities.findValues("subscribe")).isEmpty();
    }

    @Test
    void samplingIsRefusedAtOnceAndTheCallEndsWithTheUpstreamsOutcome() throws Exception {
        assertRefusedPromptly("ask_sampling", "sampling/createMessage");
    }

    @Test
    void elicitationIsRefusedAtOnceAndTheCallEndsWithTheUpstreamsOutcome() throws Exception {
        assertRefusedPromptly("ask_elicitation", "elicitation/create");
    }

    @Test
    void rootsAreRefusedAtOnce() throws Exception {
        assertRefusedPromptly("ask_roots", "roots/list");
    }

    @Test
    void aPingFromTheUpstreamIsAnsweredByTheProxy() throws Exception {
        long start = System.nanoTime();
        JsonNode answer = client.callTool(5, "ping_client");
        assertPrompt(start);
        assertThat(answer.at("/result/isError").asBoolean()).isFalse();
        assertThat(text(answer)).isEqualTo("pong");
    }

    @Test
    void samplingOnTheSessionsOwnStreamIsRefusedAtOnce() throws Exception {
        // The request goes out on the upstream's GET stream, which the proxy opens in the background.
        Eventually.until("the proxy's GET stream to the upstream", Duration.ofSeconds(20),
                () -> Integer.parseInt(uncheckedText("event_streams")) > 0);
        assertRefusedPromptly("ask_sampling_unrelated", "sampling/createMessage");
    }

    @Test
    void anUpstreamThatKeepsWaitingEndsTheCallWithAnErrorNamingTheToolTheRequestAndTheSetting() throws Exception {
        long start = System.nanoTime();
        JsonNode answer = client.callTool(7, "ask_sampling_keep_waiting");
        assertPrompt(start);

        assertThat(answer.path("id").asInt()).isEqualTo(7);
        JsonNode error = answer.path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32021);
        assertThat(error.path("message").asText())
                .contains("tools/call 'ask_sampling_keep_waiting'")
                .contains("sampling/createMessage")
                .contains("stateless mode")
                .contains("server.sessionMode: stateful")
                .contains(SharedUpstreams.REFUSED_REQUEST_GRACE.toSeconds() + " s");
        assertThat(error.path("data").path("upstream").asText()).isEqualTo("asking");
        assertThat(error.path("data").path("target").asText()).isEqualTo("ask_sampling_keep_waiting");
        assertThat(error.path("data").path("serverRequest").asText()).isEqualTo("sampling/createMessage");
        assertThat(error.path("data").path("requiredCapabilities").has("sampling")).isTrue();
        assertThat(error.path("data").path("setting").asText()).isEqualTo("server.sessionMode: stateful");

        // The upstream is told to stop, and it is no worse for it.
        Eventually.until("the upstream sees the abandoned call cancelled", Duration.ofSeconds(20),
                () -> Integer.parseInt(uncheckedText("cancellations")) > 0);
        JsonNode health = json(proxy.send(HttpRequest.newBuilder(proxy.uri("/health")).GET().build()));
        assertThat(health.path("status").asText()).isEqualTo("ready");
        assertThat(text(client.callTool(8, "client_capabilities"))).isEqualTo("{}");
    }

    private static void assertRefusedPromptly(String tool, String serverRequest) throws Exception {
        long start = System.nanoTime();
        JsonNode answer = client.callTool(2, tool);
        assertPrompt(start);
        // The upstream got -32601 and failed its tool with it: the client sees the upstream's own result.
        assertThat(answer.path("id").asInt()).isEqualTo(2);
        assertThat(answer.at("/result/isError").asBoolean()).as(answer.toString()).isTrue();
        assertThat(text(answer))
                .contains("-32601")
                .contains("Method not supported by the client: " + serverRequest)
                .contains("server.sessionMode: stateful");
    }

    private static void assertPrompt(long startNanos) {
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(PROMPT);
    }

    private static String text(JsonNode answer) {
        return answer.at("/result/content/0/text").asText();
    }

    private static String uncheckedText(String tool) {
        try {
            return text(client.callTool(99, tool));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
