package dev.mcpproxy.proxy.upstream;

import java.nio.ByteBuffer;

/**
 * Tells, chunk by chunk of an event stream, whether a chunk holds nothing a reader of messages
 * acts on: only whole events whose data is blank (or that have none) and comments. Conservative:
 * a chunk that does not start and end at an event boundary, or that has a data line with any
 * content, is not quiet. Events without data still carry ids; the reader sees them with the next
 * chunk that wakes it.
 */
final class QuietEvents {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Whether the bytes seen so far end at an event boundary (a stream starts at one). */
    private boolean atBoundary = true;

    /** Scans the chunk (without consuming it): quiet or not, and whether the stream now ends at a boundary. */
    boolean only(ByteBuffer chunk) {
        int from = chunk.position();
        int to = chunk.limit();
        boolean startedAtBoundary = atBoundary;
        atBoundary = endsWithBlankLine(chunk, from, to);
        if (!startedAtBoundary || !atBoundary) {
            return false;
        }
        int line = from;
        for (int i = from; i < to; i++) {
            byte b = chunk.get(i);
            if (b == CR || b == LF) {
                if (hasData(chunk, line, i)) {
                    return false;
                }
                line = i + 1;
            }
        }
        return true;
    }

    private static boolean endsWithBlankLine(ByteBuffer chunk, int from, int to) {
        int n = to - from;
        return n >= 2 && chunk.get(to - 1) == LF && chunk.get(to - 2) == LF
                || n >= 4 && chunk.get(to - 1) == LF && chunk.get(to - 2) == CR
                && chunk.get(to - 3) == LF && chunk.get(to - 4) == CR;
    }

    /** A {@code data} field whose value is not blank; the line is {@code [from, to)}. */
    private static boolean hasData(ByteBuffer chunk, int from, int to) {
        String field = "data";
        if (to - from < field.length()) {
            return false;
        }
        for (int k = 0; k < field.length(); k++) {
            if (chunk.get(from + k) != field.charAt(k)) {
                return false;
            }
        }
        int i = from + field.length();
        if (i == to) {
            return false;
        }
        if (chunk.get(i) != ':') {
            // Another field whose name starts with "data": not data.
            return false;
        }
        for (i++; i < to; i++) {
            byte b = chunk.get(i);
            if (b != ' ' && b != '\t') {
                return true;
            }
        }
        return false;
    }
}
