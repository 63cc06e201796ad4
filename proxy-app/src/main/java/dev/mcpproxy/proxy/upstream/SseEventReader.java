package dev.mcpproxy.proxy.upstream;

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

    /**
     * Bytes read but not yet scanned. Small: a reader is made per answer, and typical events fit;
     * a longer line takes more reads.
     */
    private final byte[] buffer = new byte[2048];
    private int position;
    private int filled;
    private final InputStream in;
    private final long maxEventBytes;
    /** The start of a line that did not end in the buffer. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long eventBytes;
    private boolean pendingCarriageReturn;
    private String lastEventId;

    SseEventReader(InputStream in, long maxEventBytes) {
        this.in = in;
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
        while (true) {
            if (position == filled) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                position = 0;
                filled = n;
                continue;
            }
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < filled && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int length = position - start;
            eventBytes += length;
            if (eventBytes > maxEventBytes) {
                throw new BoundedInputStream.LimitExceededException(maxEventBytes);
            }
            if (position == filled) {
                line.write(buffer, start, length);
                continue;
            }
            pendingCarriageReturn = buffer[position++] == '\r';
            if (line.size() == 0) {
                return new String(buffer, start, length, StandardCharsets.UTF_8);
            }
            line.write(buffer, start, length);
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    private static int valueStart(String text, int colon) {
        return colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
    }
}
