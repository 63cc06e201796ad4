package dev.mcpproxy.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpproxy.proxy.identity.CallerAuthenticator;
import dev.mcpproxy.proxy.server.ServerConfig;
import dev.mcpproxy.proxy.server.SessionMode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import dev.mcpproxy.proxy.upstream.UpstreamConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.mcpproxy.proxy.ProxyUnderTest.json;
import static dev.mcpproxy.proxy.ProxyUnderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping the proxy (what SIGTERM does) lets the call in flight finish, then stops listening. */
class GracefulShutdownTest {

    @Test
    void inFlightCallCompletesAndThenTheProxyStopsListening() throws Exception {
        try (JavaSdkUpstream upstream = JavaSdkUpstream.start()) {
            ServerConfig server = new ServerConfig("127.0.0.1", 0, null, SessionMode.STATELESS, null, null, 20, null,
                    null);
            ProxyUnderTest proxy = ProxyUnderTest.start(server, List.of(UpstreamConfig.of("java", upstream.url())),
                    CallerAuthenticator.NONE);
            String slowCall = request(1, "tools/call", Map.of("name", "sleep", "arguments", Map.of("ms", 1500)));
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> post(proxy, slowCall));
            // Polled, not spun: a busy loop would take a core from the call it waits for.
            Eventually.until("the slow call is in flight", Duration.ofSeconds(10),
                    () -> proxy.application().inFlightRequests() > 0);

            java.net.URI endpoint = proxy.endpoint();
            proxy.close();

            HttpResponse<String> response = inFlight.join();
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = json(response);
            assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("slept");
            assertThatThrownBy(() -> java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        }
    }

    private static HttpResponse<String> post(ProxyUnderTest proxy, String body) {
        try {
            return proxy.post(body);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
