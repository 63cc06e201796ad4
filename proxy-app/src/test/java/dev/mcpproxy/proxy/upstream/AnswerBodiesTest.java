package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.upstream.AnswerBodies.Answer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a streamed answer reaches the waiting thread: a POST's event stream wakes it once there is
 * something to read (not for the priming event before the response), a stream opened for its own
 * sake wakes it with the headers, and whatever the stream held is read in order.
 */
class AnswerBodiesTest {
    private static final String PRIMING = "id: 1_0\ndata: \n\n";
    private static final String RESPONSE = "event: message\nid: 1_1\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";

    /** What the upstream writes next, one chunk per element; null ends the answer. */
    private final BlockingQueue<List<String>> script = new LinkedBlockingQueue<>();
    /** Completed by the upstream each time it has flushed a step of the script. */
    private final BlockingQueue<Integer> flushed = new LinkedBlockingQueue<>();
    private Server server;
    private HttpClient http;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                int step = 0;
                for (List<String> chunks = script.take(); !chunks.isEmpty(); chunks = script.take()) {
                    for (String chunk : chunks) {
                        Callback.Completable written = new Callback.Completable();
                        Content.Sink.write(response, false, chunk, written);
                        written.get(5, TimeUnit.SECONDS);
                    }
                    flushed.add(step++);
                }
                callback.succeeded();
                return true;
            }
        });
        server.start();
        url = "http://127.0.0.1:" + connector.getLocalPort() + "/mcp";
        http = UpstreamHttpClients.start(UpstreamConfig.of("answers", url));
    }

    @AfterEach
    void stop() throws Exception {
        script.add(List.of());
        UpstreamHttpClients.stop(http);
        server.stop();
    }

    private CompletableFuture<Answer> post(boolean untilReadable) {
        return new AnswerBodies(1 << 20).send(http.newRequest(url).method("POST")
                .body(new JsonRequestContent("{}".getBytes(StandardCharsets.UTF_8))), untilReadable);
    }

    private static String readAll(InputStream body) throws Exception {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPostsEventStreamWakesTheCallerWithItsResponseNotWithThePrimingEvent() throws Exception {
        CompletableFuture<Answer> answer = post(true);
        script.add(List.of(PRIMING));
        assertThat(flushed.poll(5, TimeUnit.SECONDS)).isZero();

        // The priming event has been sent: the caller keeps waiting for something to read.
        Thread.sleep(300);
        assertThat(answer).isNotDone();

        script.add(List.of(RESPONSE));
        script.add(List.of());
        Answer answered = answer.get(5, TimeUnit.SECONDS);
        assertThat(answered.status()).isEqualTo(200);
        assertThat(readAll(answered.body())).isEqualTo(PRIMING + RESPONSE);
    }

    @Test
    void aStreamOpenedForItsOwnSakeWakesTheCallerWithItsHeaders() throws Exception {
        CompletableFuture<Answer> answer = post(false);
        script.add(List.of(PRIMING));

        Answer answered = answer.get(5, TimeUnit.SECONDS);
        script.add(List.of(RESPONSE));
        script.add(List.of());
        assertThat(readAll(answered.body())).isEqualTo(PRIMING + RESPONSE);
    }

    @Test
    void pingsPilingUpWakeTheCallerBeforeAnyResponse() throws Exception {
        CompletableFuture<Answer> answer = post(true);
        String ping = ": ping\n\n";
        List<String> pings = Collections.nCopies(20 * 1024 / ping.length() + 1, ping);
        script.add(pings);

        Answer answered = answer.get(5, TimeUnit.SECONDS);
        script.add(List.of(RESPONSE));
        script.add(List.of());
        assertThat(readAll(answered.body())).isEqualTo(String.join("", pings) + RESPONSE);
    }

    @Test
    void anEventSplitRightWhereTheQueueFillsStillWakesTheCaller() throws Exception {
        CompletableFuture<Answer> answer = post(true);
        // Pings just short of the queue limit, each batch arriving on its own; then the start of
        // the response, which fills the queue and ends inside its data line.
        String pings = ": ping\n\n".repeat(1024);
        String start = "event: message\nid: 1_1\nda";
        String rest = RESPONSE.substring(RESPONSE.indexOf("ta: "));
        for (String step : List.of(pings, pings, start)) {
            script.add(List.of(step));
            flushed.poll(5, TimeUnit.SECONDS);
            Thread.sleep(100);
        }

        InputStream body = answer.get(5, TimeUnit.SECONDS).body();
        String queued = pings + pings + start;
        assertThat(new String(body.readNBytes(queued.length()), StandardCharsets.UTF_8)).isEqualTo(queued);
        // The stream stays open: only the rest of the response can wake the reader now.
        CompletableFuture<byte[]> continuation = CompletableFuture.supplyAsync(() -> {
            try {
                return body.readNBytes(rest.length());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
        script.add(List.of(rest));

        assertThat(new String(continuation.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo(rest);
        script.add(List.of());
        assertThat(readAll(body)).isEmpty();
    }

    @Test
    void aStreamEndingWithoutDataWakesTheCallerWithWhatItHeld() throws Exception {
        CompletableFuture<Answer> answer = post(true);
        script.add(List.of(PRIMING, ": bye\n\n"));
        script.add(List.of());

        assertThat(readAll(answer.get(5, TimeUnit.SECONDS).body())).isEqualTo(PRIMING + ": bye\n\n");
    }
}
