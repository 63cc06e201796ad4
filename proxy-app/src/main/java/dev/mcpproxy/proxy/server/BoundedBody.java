package dev.mcpproxy.proxy.server;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * A request body read as it arrives, up to a limit and a deadline, so it is parsed without ever
 * being held whole: a parser that stops early (a structure limit) leaves the rest unread instead
 * of it having been buffered. A declared length over the limit is refused before reading; any body
 * is refused as soon as it passes the limit. A body still arriving at the deadline is refused
 * (each wait for more bytes is bounded by the connection's idle timeout), so a slow sender cannot
 * hold a request open. Closing this stream leaves the request's own stream open, so what is left
 * can still be {@linkplain #drain() drained} after a parser closed it.
 */
final class BoundedBody extends InputStream {

    /** The body is larger than the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super(null, null);
        }
    }

    /** The body was not complete by the deadline. */
    static final class TooSlowException extends IOException {
        TooSlowException() {
            super(null, null);
        }
    }

    private final InputStream in;
    private final long limit;
    private final long deadline;
    private long count;

    private BoundedBody(InputStream in, long limit, long deadline) {
        this.in = in;
        this.limit = limit;
        this.deadline = deadline;
    }

    /**
     * @param deadline {@link System#nanoTime()} by which the whole body must have arrived
     * @throws TooLargeException the declared length is over the limit (nothing is read)
     */
    static BoundedBody open(Request request, long limit, long deadline) throws TooLargeException {
        if (request.getLength() > limit) {
            throw new TooLargeException();
        }
        return new BoundedBody(Content.Source.asInputStream(request), limit, deadline);
    }

    /**
     * Reads and drops what is left of an oversized body, up to {@code cap} bytes, so the client
     * (which may still be sending) reads the 413: closing a connection with unread bytes resets
     * it, and the answer is lost. A body declared larger than the cap is not read at all.
     */
    static void discardRest(Request request, long cap) {
        if (request.getLength() > cap) {
            return;
        }
        new BoundedBody(Content.Source.asInputStream(request), cap, Long.MAX_VALUE).drain();
    }

    /**
     * Reads and drops the rest of the body, as far as the limit allows, so the client reads the
     * answer instead of a reset connection.
     */
    void drain() {
        byte[] scratch = new byte[8192];
        try {
            while (read(scratch, 0, scratch.length) != -1) {
                // dropped
            }
        } catch (IOException e) {
            // Over the limit, too slow, or the client gave up: the answer goes out on a closing connection.
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            if (e.getCause() instanceof TimeoutException) {
                // The connection's idle timeout expired while waiting for more of the body.
                throw new TooSlowException();
            }
            throw e;
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new TooLargeException();
            }
        }
        if (n != -1 && deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new TooSlowException();
        }
        return n;
    }

    /** Leaves the request's stream open: see {@link #drain()}. */
    @Override
    public void close() {
    }
}
