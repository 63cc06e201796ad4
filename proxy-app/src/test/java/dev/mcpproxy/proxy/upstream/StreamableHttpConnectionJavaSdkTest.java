package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.testing.JavaSdkUpstream;
import dev.mcpproxy.proxy.upstream.auth.UpstreamAuthenticator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.mcpproxy.proxy.upstream.McpMessages.callTool;
import static dev.mcpproxy.proxy.upstream.McpMessages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link StreamableHttpConnection} against MCP Java SDK 2.1.0 servers, stateful and stateless. */
class StreamableHttpConnectionJavaSdkTest {

    private static StreamableHttpConnection connect(JavaSdkUpstream server, UpstreamConfig config,
                                                    UpstreamObserver observer) {
        return new StreamableHttpConnection(config, StreamableHttpConnection.newHttpClient(config),
                UpstreamAuthenticator.NONE, JsonNodeFactory.instance.objectNode(), observer);
    }

    @Test
    void callsToolsAndKeepsEveryFieldOfTheResult() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("java", server.url()))) {
            ObjectNode response = connection.request(callTool(1, "add", "{\"a\":2,\"b\":3}"), MessageSink.DISCARD);

            assertThat(response.path("result").path("structuredContent").path("sum").asDouble()).isEqualTo(5.0);
            assertThat(response.path("result").path("content").get(0).path("type").asText()).isEqualTo("text");

            ObjectNode failed = connection.request(callTool(2, "fail", "{}"), MessageSink.DISCARD);
            assertThat(failed.path("result").path("isError").asBoolean()).isTrue();
        }
    }

    @Test
    void progressReachesTheSinkBeforeTheResult() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("java", server.url()))) {
            List<String> order = new CopyOnWriteArrayList<>();
            ObjectNode call = callTool(1, "progress", "{\"steps\":3}");
            ((ObjectNode) call.get("params")).putObject("_meta").put("progressToken", 42);

            ObjectNode response = connection.request(call,
                    message -> order.add(message.path("method").asText() + ":"
                            + message.path("params").path("progress").asInt()));
            order.add("result:" + response.path("result").path("content").get(0).path("text").asText());

            assertThat(order).containsExactly("notifications/progress:1", "notifications/progress:2",
                    "notifications/progress:3", "result:done after 3 steps");
        }
    }

    @Test
    void aSessionLostInARestartIsHealedWithOneReinitialization() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("java", server.url()))) {
            connection.request(callTool(1, "echo", "{\"message\":\"one\"}"), MessageSink.DISCARD);

            server.restart();
            ObjectNode response = connection.request(callTool(2, "echo", "{\"message\":\"two\"}"),
                    MessageSink.DISCARD);

            assertThat(response.path("result").path("content").get(0).path("text").asText()).isEqualTo("Echo: two");
        }
    }

    @Test
    void worksWithAStatelessUpstream() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.builder().stateful(false).start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("java", server.url()))) {
            ObjectNode response = connection.request(callTool("a", "echo", "{\"message\":\"x\"}"),
                    MessageSink.DISCARD);

            assertThat(response.path("result").path("content").get(0).path("text").asText()).isEqualTo("Echo: x");
            assertThat(connection.openEventStream(MessageSink.DISCARD)).isFalse();
        }
    }

    @Test
    void aSlowAnswerTimesOutNamingTheUpstream() throws Exception {
        // The request timeout holds for initialize too: roomy enough for that on a loaded machine,
        // still well under the sleep.
        try (JavaSdkUpstream server = JavaSdkUpstream.start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("slow-one", server.url()).withTimeouts(1_000, 2_000))) {
            connection.initialize();

            assertThatThrownBy(() -> connection.request(callTool(1, "sleep", "{\"ms\":5000}"), MessageSink.DISCARD))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
                        assertThat(e.getMessage()).contains("upstream 'slow-one'").contains("2000 ms");
                    });
        }
    }

    @Test
    void anOversizedAnswerIsRefused() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.start();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("big", server.url()).withMaxResponseBytes(64 * 1024))) {
            ObjectNode small = connection.request(callTool(1, "big", "{\"bytes\":1000}"), MessageSink.DISCARD);
            assertThat(small.path("result").path("content").get(0).path("text").asText()).hasSize(1000);

            assertThatThrownBy(() -> connection.request(callTool(2, "big", "{\"bytes\":200000}"), MessageSink.DISCARD))
                    .isInstanceOfSatisfying(UpstreamException.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TOO_LARGE);
                        assertThat(e.getMessage()).contains("upstream 'big'").contains("65536");
                    });
        }
    }

    @Test
    void theEventStreamDeliversListChangesAsTheyHappen() throws Exception {
        try (JavaSdkUpstream server = JavaSdkUpstream.start()) {
            List<String> observed = new CopyOnWriteArrayList<>();
            UpstreamObserver observer = new UpstreamObserver() {
                @Override
                public void listChanged(String upstream, String notificationMethod) {
                    observed.add(upstream + " " + notificationMethod);
                }
            };
            CountDownLatch delivered = new CountDownLatch(1);
            MessageSink sink = message -> {
                if (message.path("method").asText().equals("notifications/tools/list_changed")) {
                    delivered.countDown();
                }
            };
            try (StreamableHttpConnection connection = connect(server, UpstreamConfig.of("java", server.url()),
                    observer)) {
                assertThat(connection.openEventStream(sink)).isTrue();
                // openEventStream may return before the server holds the stream (the SDK sends its
                // headers with the first event), and a list_changed sent before then is dropped.
                Eventually.until("the server holds the event stream", Duration.ofSeconds(10),
                        () -> server.eventStreamsOpened() >= 1);

                server.addTool("late-tool");

                assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(observed).contains("java notifications/tools/list_changed");
                ObjectNode listing = connection.request(request(1, "tools/list", "{}"), MessageSink.DISCARD);
                assertThat(listing.path("result").path("tools").findValuesAsText("name")).contains("late-tool");
            }
        }
    }
}
