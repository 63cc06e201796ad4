package dev.mcpproxy.proxy.upstream;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} line by line (WHATWG server-sent events), handing out each
 * event as soon as its terminating blank line arrives, never waiting for the stream's end. One
 * event may hold at most {@code maxEventBytes}, so a long-lived stream can never exhaust memory.
 */
final class SseEventReader {

    /** One dispatched event; {@code id} is the last event id seen so far (for {@code Last-Event-ID}). */
    record Event(String id, String name, String data) {
    }

    private final InputStream in;
    private final long maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long eventBytes;
    private boolean pendingCarriageReturn;
    private String lastEventId;

    SseEventReader(InputStream in, long maxEventBytes) {
        this.in = new BufferedInputStream(in, 8192);
        this.maxEventBytes = maxEventBytes;
    }

    /** The next event with data, or null at the end of the stream. */
    Event next() throws IOException {
        StringBuilder data = null;
        String name = null;
        eventBytes = 0;
        String text;
        while ((text = readLine()) != null) {
            if (text.isEmpty()) {
                if (data != null) {
                    return new Event(lastEventId, name == null ? "message" : name, data.toString());
                }
                name = null;
                eventBytes = 0;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(valueStart(text, colon));
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields carry nothing a proxy needs.
                }
            }
        }
        return null;
    }

    String lastEventId() {
        return lastEventId;
    }

    /** One line without its terminator (LF, CR or CRLF), or null at the end of the stream. */
    private String readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0) {
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                pendingCarriageReturn = b == '\r';
                return line.toString(StandardCharsets.UTF_8);
            }
            if (++eventBytes > maxEventBytes) {
                throw new BoundedInputStream.LimitExceededException(maxEventBytes);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static int valueStart(String text, int colon) {
        return colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
    }
}
