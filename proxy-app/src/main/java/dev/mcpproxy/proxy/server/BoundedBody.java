package dev.mcpproxy.proxy.server;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body up to a limit and a deadline. A declared length over the limit is refused
 * before reading; a chunked body is refused as soon as it passes the limit, so an oversized body
 * is never held. A body still arriving at the deadline is refused (each wait for more bytes is
 * bounded by the connection's idle timeout), so a slow sender cannot hold a request open.
 */
final class BoundedBody {

    /** The body is larger than the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    /** The body was not complete by the deadline. */
    static final class TooSlowException extends Exception {
        TooSlowException() {
            super(null, null, false, false);
        }
    }

    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 8192;

    private BoundedBody() {
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
        byte[] scratch = new byte[8192];
        long read = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            int n;
            while (read <= cap && (n = in.read(scratch)) != -1) {
                read += n;
            }
        } catch (IOException e) {
            // The client gave up; the 413 goes out on a connection that is closing anyway.
        }
    }

    /** @param deadline {@link System#nanoTime()} by which the whole body must have arrived */
    static byte[] read(Request request, long limit, long deadline)
            throws IOException, TooLargeException, TooSlowException {
        long declared = request.getLength();
        if (declared > limit) {
            throw new TooLargeException();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            return read(in, declared, limit, deadline);
        } catch (IOException e) {
            if (e.getCause() instanceof TimeoutException) {
                // The connection's idle timeout expired while waiting for more of the body.
                throw new TooSlowException();
            }
            throw e;
        }
    }

    private static byte[] read(InputStream in, long declared, long limit, long deadline)
            throws IOException, TooLargeException, TooSlowException {
        if (declared < 0 || declared > MAX_ARRAY) {
            return readChunked(in, limit, deadline);
        }
        // The usual case: the length is known, so the body is read into an array of its size.
        byte[] body = new byte[(int) declared];
        int filled = 0;
        while (filled < body.length) {
            int n = in.read(body, filled, Math.min(CHUNK, body.length - filled));
            if (n < 0) {
                throw new IOException("request body shorter than its Content-Length");
            }
            filled += n;
            checkDeadline(deadline);
        }
        if (in.read() != -1) {
            throw new IOException("request body longer than its Content-Length");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in, long limit, long deadline)
            throws IOException, TooLargeException, TooSlowException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (body.size() + (long) n > limit) {
                throw new TooLargeException();
            }
            body.write(chunk, 0, n);
            checkDeadline(deadline);
        }
        return body.toByteArray();
    }

    private static void checkDeadline(long deadline) throws TooSlowException {
        if (System.nanoTime() - deadline > 0) {
            throw new TooSlowException();
        }
    }
}
