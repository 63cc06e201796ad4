package dev.mcpproxy.proxy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.ProxyUnderTest;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream faults as a client of the proxy sees them: each is a JSON-RPC error that names the
 * upstream (never a hang, never internals), and the proxy heals once the upstream is back.
 */
class UpstreamFaultsThroughProxyTest {
    private static final int TIMEOUT_MS = 1500;

    private static JavaSdkUpstream java;
    private static EverythingServer everything;
    private static ScriptedUpstreamPeer misbehaving;
    private static ProxyUnderTest proxy;

    @BeforeAll
    static void start() throws Exception {
        java = JavaSdkUpstream.start();
        everything = EverythingServer.start();
        misbehaving = new ScriptedUpstreamPeer();
        proxy = ProxyUnderTest.startGuarded(ProxyUnderTest.server(SessionMode.STATELESS), List.of(
                UpstreamConfig.of("java", java.url()).withToolPrefix("java"),
                UpstreamConfig.of("slow", misbehaving.url()).withToolPrefix("slow").withTimeouts(1000, TIMEOUT_MS),
                UpstreamConfig.of("small", misbehaving.url()).withToolPrefix("small").withMaxResponseBytes(2048),
                UpstreamConfig.of("everything", everything.url()).withToolPrefix("ev"),
                UpstreamConfig.of("odd", misbehaving.url())));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (misbehaving != null) {
            misbehaving.close();
        }
        if (everything != null) {
            everything.close();
        }
        if (java != null) {
            java.close();
        }
    }

    @Test
    void stoppedUpstreamGivesAnErrorNamingItAndTheProxyRecoversAfterItsRestart() throws Exception {
        assertThat(call("java__echo", Map.of("message", "before")).at("/result/content/0/text").asText())
                .isEqualTo("Echo: before");

        java.stop();
        JsonNode down = call("java__echo", Map.of("message", "while down"));
        JsonNode health = json(proxy.send(HttpRequest.newBuilder(proxy.uri("/health")).GET().build()));
        java.restart();

        assertThat(down.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(down.at("/error/message").asText()).contains("'java'");
        assertThat(down.at("/error/data/upstream").asText()).isEqualTo("java");
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(callUntilAnswered("java__echo", Map.of("message", "after")).at("/result/content/0/text").asText())
                .isEqualTo("Echo: after");
    }

    @Test
    void expiredUpstreamSessionIsHealedTransparently() throws Exception {
        assertThat(call("ev__echo", Map.of("message", "one")).has("result")).isTrue();

        everything.restart();

        assertThat(call("ev__echo", Map.of("message", "two")).at("/result/content/0/text").asText()).contains("two");
    }

    @Test
    void slowUpstreamTimesOutWithAnErrorNamingIt() throws Exception {
        JsonNode answer = call("slow__misbehave", Map.of("answer", "slow"));

        assertThat(answer.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(answer.at("/error/data/upstream").asText()).isEqualTo("slow");
        assertThat(answer.at("/error/data/reason").asText()).isEqualTo("timeout");
        assertThat(health().path("status").asText()).isEqualTo("degraded");
        assertThat(upstreamHealth("slow").path("lastCallFailure").asText()).isEqualTo("timeout");
    }

    @Test
    void answerOverTheUpstreamsLimitIsAnError() throws Exception {
        JsonNode answer = call("small__misbehave", Map.of("answer", "huge"));

        assertThat(answer.at("/error/data/upstream").asText()).isEqualTo("small");
        assertThat(answer.at("/error/data/reason").asText()).isEqualTo("too_large");
        // The caller's problem, not the upstream's: more of them neither open its circuit nor degrade it.
        for (int call = 0; call < 6; call++) {
            assertThat(call("small__misbehave", Map.of("answer", "huge")).at("/error/data/reason").asText())
                    .isEqualTo("too_large");
        }
        assertThat(upstreamHealth("small").path("circuit").asText()).isEqualTo("closed");
        assertThat(upstreamHealth("small").has("lastCallFailure")).isFalse();
    }

    @Test
    void serverErrorAndGarbageAreErrorsNamingTheUpstream() throws Exception {
        JsonNode serverError = call("misbehave", Map.of("answer", "500"));
        JsonNode garbage = call("misbehave", Map.of("answer", "garbage"));

        assertThat(serverError.at("/error/data/upstream").asText()).isEqualTo("odd");
        assertThat(serverError.at("/error/message").asText()).contains("'odd'");
        assertThat(garbage.at("/error/data/upstream").asText()).isEqualTo("odd");
        assertThat(garbage.toString()).doesNotContain("\tat ");
        assertThat(upstreamHealth("odd").path("lastCallFailure").asText()).isEqualTo("protocol");
        assertThat(health().path("status").asText()).isEqualTo("degraded");
    }

    private static JsonNode health() throws Exception {
        return json(proxy.send(HttpRequest.newBuilder(proxy.uri("/health")).GET().build()));
    }

    private static JsonNode upstreamHealth(String name) throws Exception {
        for (JsonNode upstream : health().path("upstreams")) {
            if (upstream.path("name").asText().equals(name)) {
                return upstream;
            }
        }
        throw new AssertionError("no upstream " + name + " in /health");
    }

    private static JsonNode call(String tool, Map<String, ?> arguments) throws Exception {
        HttpResponse<String> response = proxy.post(request(1, "tools/call", Map.of("name", tool, "arguments", arguments)));
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    /** The upstream is back but its port may take a moment to accept again: retry a few times. */
    private static JsonNode callUntilAnswered(String tool, Map<String, ?> arguments) throws Exception {
        JsonNode answer = call(tool, arguments);
        for (int attempt = 0; attempt < 20 && answer.has("error"); attempt++) {
            Thread.sleep(500);
            answer = call(tool, arguments);
        }
        return answer;
    }
}
