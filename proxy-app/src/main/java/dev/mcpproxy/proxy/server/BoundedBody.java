package dev.mcpproxy.proxy.server;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a limit. A declared length over the limit is refused before reading;
 * a chunked body is refused as soon as it passes the limit, so an oversized body is never held.
 */
final class BoundedBody {

    /** The body is larger than the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

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

    static byte[] read(Request request, long limit) throws IOException, TooLargeException {
        long declared = request.getLength();
        if (declared > limit) {
            throw new TooLargeException();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0 && declared <= MAX_ARRAY) {
                // The usual case: the length is known, so the body is read into an array of its size.
                byte[] body = in.readNBytes((int) declared);
                if (in.read() != -1) {
                    throw new IOException("request body longer than its Content-Length");
                }
                return body;
            }
            return readChunked(in, limit);
        }
    }

    private static byte[] readChunked(InputStream in, long limit) throws IOException, TooLargeException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (body.size() + (long) n > limit) {
                throw new TooLargeException();
            }
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }
}
