package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.EverythingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static dev.mcpproxy.proxy.upstream.McpMessages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link StreamableHttpConnection} against the real, stateful {@code server-everything}. */
class StreamableHttpConnectionEverythingTest {
    private static EverythingServer server;

    @BeforeAll
    static void startServer() {
        server = EverythingServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private StreamableHttpConnection connect() {
        return new StreamableHttpConnection(UpstreamConfig.of("everything", server.url()));
    }

    @Test
    void initializesWithASessionAndASupportedProtocolVersion() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            ObjectNode result = connection.initialize();

            assertThat(result.path("serverInfo").path("name").asText()).isEqualTo("mcp-servers/everything");
            assertThat(connection.protocolVersion()).isEqualTo(StreamableHttpConnection.LATEST_PROTOCOL_VERSION);
            assertThat(result.path("capabilities").has("tools")).isTrue();
        }
    }

    @Test
    void answersCarryTheCallersIdAndEveryFieldAsSent() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            ObjectNode response = connection.request(callTool("client-7", "echo", "{\"message\":\"hi\"}"),
                    MessageSink.DISCARD);

            assertThat(response.get("id").asText()).isEqualTo("client-7");
            assertThat(response.path("result").path("content").get(0).path("text").asText()).isEqualTo("Echo: hi");

            ObjectNode structured = connection.request(callTool(8, "get-structured-content",
                    "{\"location\":\"New York\"}"), MessageSink.DISCARD);
            assertThat(structured.get("id").asInt()).isEqualTo(8);
            assertThat(structured.path("result").has("structuredContent")).isTrue();
        }
    }

    @Test
    void progressNotificationsArriveWhileTheCallIsStillRunning() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            List<ObjectNode> received = new CopyOnWriteArrayList<>();
            CountDownLatch firstProgress = new CountDownLatch(1);
            ObjectNode call = callTool(1, "trigger-long-running-operation", "{\"duration\":3,\"steps\":3}");
            ((ObjectNode) call.get("params")).putObject("_meta").put("progressToken", "tok-1");

            CompletableFuture<ObjectNode> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.request(call, message -> {
                        received.add(message);
                        firstProgress.countDown();
                    });
                } catch (UpstreamException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(firstProgress.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(result).as("the call is still running when its first progress arrives").isNotDone();
            ObjectNode response = result.get(30, TimeUnit.SECONDS);

            assertThat(response.path("result").path("content").get(0).path("text").asText())
                    .startsWith("Long running operation completed");
            assertThat(received).hasSize(3).allSatisfy(message -> {
                assertThat(message.path("method").asText()).isEqualTo("notifications/progress");
                assertThat(message.path("params").path("progressToken").asText()).isEqualTo("tok-1");
            });
        }
    }

    @Test
    void aRestartedUpstreamIsRejoinedTransparently() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            connection.request(request(1, "tools/list", "{}"), MessageSink.DISCARD);

            server.stop();
            assertThatThrownBy(() -> connection.request(request(2, "tools/list", "{}"), MessageSink.DISCARD))
                    .isInstanceOf(UpstreamException.class)
                    .hasMessageContaining("upstream 'everything'")
                    .satisfies(e -> assertThat(((UpstreamException) e).kind())
                            .isEqualTo(UpstreamException.Kind.UNREACHABLE));

            server.restart();
            ObjectNode response = connection.request(request(3, "tools/list", "{}"), MessageSink.DISCARD);
            assertThat(response.path("result").path("tools").size()).isGreaterThan(5);
        }
    }

    @Test
    void aSessionTheUpstreamForgotIsReinitialized() throws Exception {
        try (StreamableHttpConnection connection = connect();
             StreamableHttpConnection other = connect()) {
            connection.initialize();
            other.initialize();
            other.close();
            server.restart();

            ObjectNode response = connection.request(callTool(5, "echo", "{\"message\":\"again\"}"),
                    MessageSink.DISCARD);

            assertThat(response.path("result").path("content").get(0).path("text").asText())
                    .isEqualTo("Echo: again");
        }
    }

    @Test
    void anUpstreamJsonRpcErrorIsReturnedAsTheResponse() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            ObjectNode response = connection.request(request(9, "no/such/method", "{}"), MessageSink.DISCARD);

            assertThat(response.get("id").asInt()).isEqualTo(9);
            assertThat(response.path("error").path("code").asInt()).isEqualTo(-32601);
        }
    }

    @Test
    void aSamplingRequestStreamedByTheUpstreamCanBeAnsweredWhileTheCallWaits() throws Exception {
        UpstreamConfig config = UpstreamConfig.of("everything", server.url());
        ObjectNode capabilities = McpMessages.json("{\"sampling\":{}}");
        try (StreamableHttpConnection connection = new StreamableHttpConnection(config,
                StreamableHttpConnection.newHttpClient(config), dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator.NONE,
                capabilities, UpstreamObserver.NONE)) {
            List<ObjectNode> serverRequests = new CopyOnWriteArrayList<>();
            MessageSink sink = message -> {
                if (!message.path("method").asText().equals("sampling/createMessage")) {
                    return;
                }
                serverRequests.add(message);
                ObjectNode answer = McpMessages.json("{\"jsonrpc\":\"2.0\",\"result\":{\"role\":\"assistant\","
                        + "\"content\":{\"type\":\"text\",\"text\":\"sampled!\"},\"model\":\"test-model\"}}");
                answer.set("id", message.get("id"));
                // Answered from another thread, as a proxy relaying the client's answer would.
                Thread.ofVirtual().start(() -> {
                    try {
                        connection.respond(answer);
                    } catch (UpstreamException e) {
                        throw new IllegalStateException(e);
                    }
                });
            };

            ObjectNode response = connection.request(callTool(1, "trigger-sampling-request",
                    "{\"prompt\":\"hello\"}"), sink);

            assertThat(serverRequests).hasSize(1);
            assertThat(response.path("result").path("content").get(0).path("text").asText())
                    .contains("sampled!").contains("test-model");
        }
    }

    @Test
    void concurrentCallersWithTheSameIdOnOneSharedSessionEachGetTheirOwnAnswer() throws Exception {
        try (StreamableHttpConnection connection = connect()) {
            List<CompletableFuture<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String message = "caller-" + i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        ObjectNode response = connection.request(
                                callTool(1, "echo", "{\"message\":\"" + message + "\"}"), MessageSink.DISCARD);
                        return response.get("id").asInt() + " " + response.path("result").path("content").get(0)
                                .path("text").asText();
                    } catch (UpstreamException e) {
                        throw new IllegalStateException(e);
                    }
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }

            for (int i = 0; i < 20; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("1 Echo: caller-" + i);
            }
        }
    }
}
