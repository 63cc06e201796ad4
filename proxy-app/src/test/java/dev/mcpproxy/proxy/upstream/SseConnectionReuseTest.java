package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upstream that answers like server-everything does for 2025-11-25: a priming event, then the
 * response, and the chunked stream's end a moment later. The connection must be reused from call to
 * call: closing the stream at the response would drop it and open a new one per call.
 */
class SseConnectionReuseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anSseAnswerThatEndsAfterItsResponseLeavesTheConnectionReusable() throws Exception {
        try (SseUpstream upstream = new SseUpstream();
             StreamableHttpConnection connection = new StreamableHttpConnection(
                     UpstreamConfig.of("sse", "http://127.0.0.1:" + upstream.port() + "/mcp"))) {
            connection.initialize();
            int opened = upstream.connections.get();

            for (int i = 0; i < 20; i++) {
                ObjectNode call = (ObjectNode) JSON.readTree(
                        "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}");
                assertThat(connection.request(call, MessageSink.DISCARD).at("/result/content/0/text").asText())
                        .isEqualTo("echo");
                // A call that starts while the previous stream is still draining needs a second
                // connection; that is fine. What must not happen is a new connection per call.
                int ended = i + 1;
                Eventually.until("the upstream ends stream " + ended, Duration.ofSeconds(5),
                        () -> upstream.streamsEnded.get() >= ended);
                Thread.sleep(20);
            }

            assertThat(upstream.connections.get() - opened).isLessThanOrEqualTo(2);
        }
    }

    /** A raw HTTP/1.1 server with keep-alive: JSON for initialize, 202 for notifications, SSE otherwise. */
    private static final class SseUpstream implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger streamsEnded = new AtomicInteger();

        SseUpstream() throws IOException {
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(client));
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }

        private void serve(Socket client) {
            try (client; InputStream in = new BufferedInputStream(client.getInputStream());
                 OutputStream out = client.getOutputStream()) {
                String body;
                while ((body = readRequest(in)) != null) {
                    ObjectNode message = (ObjectNode) JSON.readTree(body);
                    if (!message.has("id")) {
                        out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else if ("initialize".equals(message.path("method").asText())) {
                        String json = "{\"jsonrpc\":\"2.0\",\"id\":" + message.get("id") + ",\"result\":{\"protocolVersion\":"
                                + "\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"sse\",\"version\":\"1\"}}}";
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json).getBytes(StandardCharsets.UTF_8));
                    } else {
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        chunk(out, "id: priming\ndata: \n\n");
                        chunk(out, "event: message\nid: answer\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + message.get("id")
                                + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"echo\"}]}}\n\n");
                        Thread.sleep(5);
                        try {
                            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } finally {
                            streamsEnded.incrementAndGet();
                        }
                    }
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // The client went away.
            }
        }

        private static void chunk(OutputStream out, String data) throws IOException {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The next request's body, or null when the client closed the connection. */
        private static String readRequest(InputStream in) throws IOException {
            int length = -1;
            String line;
            boolean first = true;
            while ((line = readLine(in)) != null && !line.isEmpty()) {
                first = false;
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring("content-length:".length()).trim());
                }
            }
            if (line == null || first) {
                return null;
            }
            return new String(in.readNBytes(Math.max(length, 0)), StandardCharsets.UTF_8);
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
