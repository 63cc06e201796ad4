package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way an upstream can fail becomes an {@link UpstreamException} naming it, never a hang or a crash. */
class StreamableHttpConnectionFaultsTest {

    private static UpstreamException failureOf(UpstreamConfig config) {
        try (StreamableHttpConnection connection = new StreamableHttpConnection(config)) {
            connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD);
        } catch (UpstreamException e) {
            return e;
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void aRefusedConnectionNamesTheUpstream() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UpstreamException failure = failureOf(UpstreamConfig.of("gone", "http://127.0.0.1:" + closedPort + "/mcp"));

        assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("upstream 'gone': connection refused");
        assertThat(failure.toJsonRpcError().path("data").path("upstream").asText()).isEqualTo("gone");
        assertThat(failure.toJsonRpcError().path("code").asInt()).isEqualTo(-32001);
    }

    @Test
    void aServerErrorNamesTheUpstreamAndTheStatus() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 503, "{\"oops\":true}"))) {
            UpstreamException failure = failureOf(UpstreamConfig.of("flaky", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.HTTP_STATUS);
            assertThat(failure.getMessage()).isEqualTo("upstream 'flaky': answered HTTP 503");
        }
    }

    @Test
    void garbageJsonIsAProtocolError() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 200, "{\"jsonrpc\": not json"))) {
            UpstreamException failure = failureOf(UpstreamConfig.of("garbled", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.PROTOCOL);
            assertThat(failure.getMessage()).isEqualTo("upstream 'garbled': answered with invalid JSON");
        }
    }

    @Test
    void garbageInAnEventStreamIsAProtocolError() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("event: message\ndata: <html>\n\n".getBytes(StandardCharsets.UTF_8));
        })) {
            UpstreamException failure = failureOf(UpstreamConfig.of("garbled", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.PROTOCOL);
            assertThat(failure.getMessage()).contains("upstream 'garbled'").contains("not valid JSON");
        }
    }

    @Test
    void anUnexpectedContentTypeIsAProtocolError() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 4);
            exchange.getResponseBody().write("<p/>".getBytes(StandardCharsets.UTF_8));
        })) {
            assertThat(failureOf(UpstreamConfig.of("html", peer.url())).getMessage())
                    .isEqualTo("upstream 'html': answered with content type 'text/html'");
        }
    }

    @Test
    void anEventStreamThatStallsTimesOutWithinTheRequestTimeout() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                    + "{\"progressToken\":1,\"progress\":1}}\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(30_000);
        })) {
            UpstreamException failure = failureOf(UpstreamConfig.of("stalled", peer.url()).withTimeouts(1_000, 400));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("upstream 'stalled': no complete answer within 400 ms");
        }
    }

    @Test
    void anEndlessAnswerStopsAtTheSizeLimitWithoutBufferingIt() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = ("{\"a\":\"" + "x".repeat(8_000) + "\"},").getBytes(StandardCharsets.UTF_8);
            out.write(("{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"junk\":[")
                    .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100_000; i++) {
                out.write(chunk);
            }
        })) {
            UpstreamException failure = failureOf(UpstreamConfig.of("endless", peer.url())
                    .withMaxResponseBytes(1024 * 1024));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.TOO_LARGE);
            assertThat(failure.getMessage())
                    .isEqualTo("upstream 'endless': answer exceeds maxResponseBytes (1048576 bytes)");
        }
    }

    @Test
    void rejectedCredentialsAreRefreshedAndTheRequestRetriedOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            if (calls.incrementAndGet() == 1) {
                exchange.sendResponseHeaders(401, -1);
            } else {
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}"));
            }
        })) {
            AtomicInteger generation = new AtomicInteger(1);
            List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();
            UpstreamAuthenticator authenticator = new UpstreamAuthenticator() {
                @Override
                public Map<String, String> headers(String method, java.net.URI uri, Map<String, String> headers,
                                                   byte[] body) {
                    seenHeaders.add(headers);
                    return Map.of("Authorization", "Bearer token-" + generation.get());
                }

                @Override
                public boolean credentialsRejected() {
                    generation.incrementAndGet();
                    return true;
                }
            };
            UpstreamConfig config = UpstreamConfig.of("secured", peer.url());
            try (StreamableHttpConnection connection = new StreamableHttpConnection(config,
                    StreamableHttpConnection.newHttpClient(config), authenticator,
                    JsonNodeFactory.instance.objectNode(), UpstreamObserver.NONE)) {
                ObjectNode response = connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD);

                assertThat(response.has("result")).isTrue();
            }
            List<String> authorizations = peer.received().stream()
                    .filter(r -> r.body() != null && r.body().path("method").asText().equals("tools/call"))
                    .map(r -> r.headers().getFirst("Authorization")).toList();
            assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-2");
            assertThat(seenHeaders).allSatisfy(headers -> assertThat(headers).containsKey("accept")
                    .doesNotContainKey("authorization"));
        }
    }

    @Test
    void credentialsRejectedTwiceFailNamingTheUpstream() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> exchange.sendResponseHeaders(401, -1))) {
            UpstreamException failure = failureOf(UpstreamConfig.of("locked", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.AUTH);
            assertThat(failure.getMessage()).isEqualTo("upstream 'locked': rejected the proxy's credentials (HTTP 401)");
        }
    }

    @Test
    void closingEndsTheUpstreamSession() throws Exception {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) ->
                ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{}")))) {
            StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()));
            connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD);

            connection.close();

            ScriptedUpstream.Received last = peer.received().getLast();
            assertThat(last.method()).isEqualTo("DELETE");
            assertThat(last.headers().getFirst("Mcp-Session-Id")).isEqualTo("session-1");
            assertThatThrownBy(() -> connection.request(callTool(2, "any", "{}"), MessageSink.DISCARD))
                    .isInstanceOfSatisfying(UpstreamException.class,
                            e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CLOSED));
        }
    }

    @Test
    void aCancellationReachesTheUpstreamUnderTheIdItKnows() throws Exception {
        java.util.concurrent.CountDownLatch callArrived = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            callArrived.countDown();
            try {
                cancelled.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{}"));
        }) {
            @Override
            void onNotification(ObjectNode notification) {
                cancelled.countDown();
            }
        }; StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()))) {
            connection.initialize();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    connection.request(callTool("client-id", "slow", "{}"), MessageSink.DISCARD);
                } catch (UpstreamException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(callArrived.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            connection.notify(McpMessages.json("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":\"client-id\",\"reason\":\"user\"}}"));
            caller.join();

            ObjectNode call = peer.received().stream().map(ScriptedUpstream.Received::body)
                    .filter(b -> b != null && b.path("method").asText().equals("tools/call")).findFirst().orElseThrow();
            ObjectNode cancel = peer.received().stream().map(ScriptedUpstream.Received::body)
                    .filter(b -> b != null && b.path("method").asText().equals("notifications/cancelled"))
                    .findFirst().orElseThrow();
            assertThat(cancel.path("params").get("requestId")).isEqualTo(call.get("id"));
            assertThat(cancel.path("params").path("reason").asText()).isEqualTo("user");
        }
    }

    @Test
    void anEventStreamClosedBeforeTheResponseIsResumedWithLastEventId() throws Exception {
        List<ObjectNode> calls = new CopyOnWriteArrayList<>();
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            calls.add(message);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(("id: ev-1\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                    + "\"notifications/progress\",\"params\":{\"progressToken\":\"t\",\"progress\":1}}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        }) {
            @Override
            void onGet(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
                if (!"ev-1".equals(exchange.getRequestHeaders().getFirst("Last-Event-ID"))) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write(("id: ev-2\ndata: " + ScriptedUpstream.result(calls.getFirst(),
                        "{\"content\":[{\"type\":\"text\",\"text\":\"resumed\"}]}") + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }; StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()))) {
            List<ObjectNode> streamed = new CopyOnWriteArrayList<>();

            ObjectNode response = connection.request(callTool(1, "any", "{}"), streamed::add);

            assertThat(streamed).extracting(m -> m.path("method").asText()).containsExactly("notifications/progress");
            assertThat(response.path("result").path("content").get(0).path("text").asText()).isEqualTo("resumed");
            assertThat(response.get("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anEventStreamClosedWithoutEventIdsIsAProtocolError() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
        })) {
            assertThat(failureOf(UpstreamConfig.of("cut", peer.url())).getMessage())
                    .isEqualTo("upstream 'cut': ended its event stream without a response");
        }
    }

    @Test
    void aRedirectIsNotFollowed() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:9/elsewhere");
            exchange.sendResponseHeaders(307, -1);
        })) {
            UpstreamException failure = failureOf(UpstreamConfig.of("moved", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.HTTP_STATUS);
            assertThat(failure.getMessage()).isEqualTo("upstream 'moved': answered HTTP 307");
        }
    }

    @Test
    void aChallengeIsLeftToTheAuthenticator() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mcp\"");
            exchange.sendResponseHeaders(401, -1);
        })) {
            UpstreamException failure = failureOf(UpstreamConfig.of("challenging", peer.url()));

            assertThat(failure.kind()).isEqualTo(UpstreamException.Kind.AUTH);
            assertThat(failure.getMessage())
                    .isEqualTo("upstream 'challenging': rejected the proxy's credentials (HTTP 401)");
        }
    }

    @Test
    void cookiesAndCompressionStayBetweenTheCallerAndTheUpstream() throws Exception {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            exchange.getResponseHeaders().set("Set-Cookie", "affinity=node-7; Path=/");
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}"));
        }); StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()))) {
            connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD);
            connection.request(callTool(2, "any", "{}"), MessageSink.DISCARD);

            ScriptedUpstream.Received second = peer.received().getLast();
            assertThat(second.body().path("method").asText()).isEqualTo("tools/call");
            assertThat(second.headers().containsKey("Cookie")).isFalse();
            assertThat(second.headers().containsKey("Accept-Encoding")).isFalse();
            assertThat(second.headers().getFirst("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void aQuietAnswerOutlastsTheConnectionLifetime() {
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            sleep(UpstreamHttpClients.CONNECTION_LIFETIME_MS + 1_500);
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}"));
        }); StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("slow", peer.url()))) {
            assertThat(connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD).has("result")).isTrue();
        } catch (UpstreamException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aConnectionIsReusedWhileYoungAndNotOnceItIsOlderThanItsLifetime() throws Exception {
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        try (ScriptedUpstream peer = new ScriptedUpstream((exchange, message) -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}"));
        }); StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()))) {
            connection.request(callTool(1, "any", "{}"), MessageSink.DISCARD);
            connection.request(callTool(2, "any", "{}"), MessageSink.DISCARD);
            // Past the lifetime a server closing connections idle for 5 s (Node) may be closing this one.
            Thread.sleep(UpstreamHttpClients.CONNECTION_LIFETIME_MS + 500);
            assertThat(connection.request(callTool(3, "any", "{}"), MessageSink.DISCARD).has("result")).isTrue();
        }

        assertThat(clientPorts).hasSize(3);
        assertThat(clientPorts.get(1)).as("a young connection is reused").isEqualTo(clientPorts.get(0));
        assertThat(clientPorts.get(2)).as("an old one is not").isNotEqualTo(clientPorts.get(0));
    }

    @Test
    void idleConnectionsOlderThanTheirLifetimeAreClosedEvenWhenTheServerKeepsThem() throws Exception {
        int concurrent = 3;
        CountDownLatch allArrived = new CountDownLatch(concurrent);
        // The JDK server keeps idle connections for 30 s: only the client can close them sooner.
        try (ScriptedUpstream peer = holdingEachCallUntilAllArrived(allArrived)) {
            HttpClient http = UpstreamHttpClients.start(UpstreamConfig.of("s", peer.url()));
            try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<ContentResponse>> calls = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    String body = callTool(i, "any", "{}").toString();
                    calls.add(callers.submit(() -> http.newRequest(peer.url()).method(HttpMethod.POST)
                            .body(new StringRequestContent("application/json", body)).send()));
                }
                for (Future<ContentResponse> call : calls) {
                    assertThat(call.get(20, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
                }
                AbstractConnectionPool pool = (AbstractConnectionPool) http.getDestinations().getFirst().getConnectionPool();
                assertThat(pool.getIdleConnectionCount()).isEqualTo(concurrent);

                Eventually.until("idle connections closed", Duration.ofMillis(3 * UpstreamHttpClients.CONNECTION_LIFETIME_MS),
                        () -> pool.getConnectionCount() == 0);
            } finally {
                http.stop();
            }
        }
    }

    /** A peer that answers each call only once {@code allArrived} counted every call in: one connection each. */
    private static ScriptedUpstream holdingEachCallUntilAllArrived(CountDownLatch allArrived) {
        return new ScriptedUpstream((exchange, message) -> {
            allArrived.countDown();
            try {
                allArrived.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ScriptedUpstream.json(exchange, 200, ScriptedUpstream.result(message, "{\"content\":[]}"));
        });
    }

    @Test
    void manyConcurrentRequestsAreNotQueuedBehindAConnectionLimit() throws Exception {
        int concurrent = 80;
        CountDownLatch allArrived = new CountDownLatch(concurrent);
        // A client limiting its connections never gets all requests in.
        try (ScriptedUpstream peer = holdingEachCallUntilAllArrived(allArrived);
             StreamableHttpConnection connection = new StreamableHttpConnection(UpstreamConfig.of("s", peer.url()));
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            connection.initialize();
            List<Future<ObjectNode>> calls = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                int id = i;
                calls.add(callers.submit(() -> connection.request(callTool(id, "any", "{}"), MessageSink.DISCARD)));
            }

            assertThat(allArrived.await(20, TimeUnit.SECONDS)).isTrue();
            for (Future<ObjectNode> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).has("result")).isTrue();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
