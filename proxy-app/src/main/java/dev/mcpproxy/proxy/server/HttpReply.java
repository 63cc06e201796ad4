package dev.mcpproxy.proxy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.dispatch.ReplyStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The HTTP reply to one POST: a single JSON body, or, as soon as a message related to the request
 * must reach the client first, an SSE stream that carries those messages as they come and ends
 * with the response. Thread-safe, because upstream messages arrive on the upstream's reader.
 */
final class HttpReply implements ReplyStream {
    private static final Logger log = LoggerFactory.getLogger(HttpReply.class);
    static final String EVENT_STREAM = "text/event-stream";
    static final String JSON = "application/json";
    private static final byte[] EVENT_PREFIX = "event: message\ndata: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final Response response;
    private final ObjectMapper mapper;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean streaming;
    private boolean broken;

    HttpReply(Response response, ObjectMapper mapper) {
        this.response = response;
        this.mapper = mapper;
    }

    @Override
    public void send(ObjectNode message) {
        lock.lock();
        try {
            if (broken) {
                return;
            }
            if (!streaming) {
                startStream(response);
                streaming = true;
            }
            write(false, event(message));
        } catch (IOException e) {
            broken = true;
            log.debug("The client left while messages were streamed to it");
        } finally {
            lock.unlock();
        }
    }

    boolean streaming() {
        lock.lock();
        try {
            return streaming;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the reply with the response: an object, or a batch's array of responses. */
    void complete(JsonNode finalMessage) throws IOException {
        lock.lock();
        try {
            if (broken) {
                throw new IOException("client disconnected");
            }
            if (streaming) {
                ByteArrayOutputStream events = new ByteArrayOutputStream();
                if (finalMessage.isArray()) {
                    for (JsonNode message : finalMessage) {
                        events.writeBytes(event(message));
                    }
                } else {
                    events.writeBytes(event(finalMessage));
                }
                write(true, events.toByteArray());
            } else {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
                write(true, serialize(finalMessage));
            }
        } finally {
            lock.unlock();
        }
    }

    static void startStream(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    private byte[] event(JsonNode message) {
        byte[] json = serialize(message);
        byte[] event = Arrays.copyOf(EVENT_PREFIX, EVENT_PREFIX.length + json.length + EVENT_END.length);
        System.arraycopy(json, 0, event, EVENT_PREFIX.length, json.length);
        System.arraycopy(EVENT_END, 0, event, EVENT_PREFIX.length + json.length, EVENT_END.length);
        return event;
    }

    /** UTF-8 straight from the tree: no intermediate string to encode on every reply. */
    private byte[] serialize(JsonNode message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(boolean last, byte[] bytes) throws IOException {
        write(response, last, ByteBuffer.wrap(bytes));
    }

    static void write(Response response, boolean last, String text) throws IOException {
        write(response, last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void write(Response response, boolean last, ByteBuffer bytes) throws IOException {
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(last, bytes, blocker);
            blocker.block();
        }
    }
}
