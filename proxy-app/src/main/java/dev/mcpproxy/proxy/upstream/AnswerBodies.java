package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How an upstream's answer is received. A JSON answer is collected whole, up to the response
 * limit, before the waiting request thread wakes: one wake-up per call instead of one for the
 * headers and more for the body. An event stream, and anything else, stays a stream read as it
 * arrives; closing it before its end aborts the exchange (and so drops the connection).
 */
final class AnswerBodies {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long limit;

    AnswerBodies(long limit) {
        this.limit = Math.min(limit, MAX_ARRAY);
    }

    /** An upstream's answer: status, headers and a body to read (and close). */
    record Answer(int status, HttpFields headers, InputStream body) {
        /** The first value of a header, or null. */
        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * Sends the request; the future completes with the answer (for JSON, its whole body). Cancelling
     * the future aborts the exchange.
     */
    CompletableFuture<Answer> send(Request request) {
        Receiver receiver = new Receiver(limit);
        receiver.answer.whenComplete((answer, failure) -> {
            if (failure instanceof CancellationException) {
                request.abort(failure);
            }
        });
        request.send(receiver);
        return receiver.answer;
    }

    static boolean isJson(HttpFields headers) {
        return contentType(headers).startsWith("application/json");
    }

    static boolean isEventStream(HttpFields headers) {
        return contentType(headers).startsWith("text/event-stream");
    }

    private static String contentType(HttpFields headers) {
        String type = headers.get(HttpHeader.CONTENT_TYPE);
        return type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
    }

    /**
     * Reads the rest of a streamed body without a reader: the selector thread drops what still
     * arrives, so the connection stays reusable, and the exchange is aborted if the stream has not
     * ended within {@code grace} or passes the limit. Any other body is closed.
     */
    static void finishInBackground(InputStream body, Duration grace) {
        if (body instanceof StreamedBody streamed) {
            streamed.discardRest(grace);
        } else {
            RequestDeadlines.closeQuietly(body);
        }
    }

    /**
     * One exchange: collects a JSON body up to the limit (a byte more aborts the exchange and fails
     * it), or hands every other body to a {@link StreamedBody} as it arrives.
     */
    private static final class Receiver implements Response.Listener {
        private final long limit;
        private final CompletableFuture<Answer> answer = new CompletableFuture<>();
        /** The streamed body, or null while the body is collected whole. */
        private StreamedBody stream;
        private byte[] collected = new byte[0];
        private int size;

        Receiver(long limit) {
            this.limit = limit;
        }

        @Override
        public void onHeaders(Response response) {
            HttpFields headers = response.getHeaders();
            if (isJson(headers)) {
                long length = headers.getLongField(HttpHeader.CONTENT_LENGTH);
                if (length > limit) {
                    fail(response, new BoundedInputStream.LimitExceededException(limit));
                } else if (length > 0) {
                    collected = new byte[(int) length];
                }
                return;
            }
            stream = new StreamedBody(response, limit);
            answer.complete(new Answer(response.getStatus(), headers, stream));
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
            if (stream != null) {
                stream.arrived(chunk, demander);
                return;
            }
            if (answer.isDone()) {
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            if (size + (long) n > limit) {
                fail(response, new BoundedInputStream.LimitExceededException(limit));
                return;
            }
            if (size + n > collected.length) {
                collected = Arrays.copyOf(collected, (int) Math.min(limit, Math.max(size + n, collected.length * 2L)));
            }
            buffer.get(collected, size, n);
            size += n;
            demander.run();
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            throw new UnsupportedOperationException("content arrives in chunks");
        }

        @Override
        public void onComplete(Result result) {
            if (stream != null) {
                stream.ended(result.getFailure());
                return;
            }
            if (result.isFailed()) {
                answer.completeExceptionally(result.getFailure());
                return;
            }
            Response response = result.getResponse();
            byte[] body = size == collected.length ? collected : Arrays.copyOf(collected, size);
            collected = null;
            answer.complete(new Answer(response.getStatus(), response.getHeaders(), new ByteArrayInputStream(body)));
        }

        private void fail(Response response, IOException failure) {
            collected = null;
            answer.completeExceptionally(failure);
            response.abort(failure);
        }
    }

    /**
     * A body read as it arrives: the selector thread hands over one chunk at a time (Jetty asks
     * for the next only on demand), the reading thread waits for it. Closing the body before its
     * end aborts the exchange: Jetty would otherwise keep the connection waiting for the rest of
     * a stream nobody reads (a quiet event stream may never end).
     */
    private static final class StreamedBody extends InputStream {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Response response;
        private final long limit;
        private Content.Chunk chunk;
        private Runnable demander;
        private boolean ended;
        private Throwable failure;
        private boolean closed;
        /** Set by {@link #discardRest}: ends the grace deadline once the exchange is over. */
        private Deadline grace;
        private long discarded;

        StreamedBody(Response response, long limit) {
            this.response = response;
            this.limit = limit;
        }

        /** On the selector thread: the next chunk, to hold until it is read. */
        void arrived(Content.Chunk next, Runnable demand) {
            int n = next.remaining();
            boolean unread;
            boolean draining;
            boolean withinLimit;
            lock.lock();
            try {
                if (!closed && n > 0) {
                    next.retain();
                    chunk = next;
                    demander = demand;
                    changed.signalAll();
                    return;
                }
                unread = !closed;
                draining = grace != null;
                discarded += n;
                withinLimit = discarded <= limit;
            } finally {
                lock.unlock();
            }
            if (unread || draining && withinLimit) {
                demand.run();
            } else {
                response.abort(draining ? new BoundedInputStream.LimitExceededException(limit)
                        : new AsynchronousCloseException());
            }
        }

        /** On the selector thread: the exchange is over, with a failure or without. */
        void ended(Throwable failed) {
            Content.Chunk unread = null;
            Deadline over;
            lock.lock();
            try {
                ended = true;
                if (failed != null && failure == null) {
                    failure = failed;
                    unread = chunk;
                    chunk = null;
                }
                over = grace;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (unread != null) {
                unread.release();
            }
            if (over != null) {
                over.close();
            }
        }

        void discardRest(Duration within) {
            Deadline deadline = RequestDeadlines.arm(within);
            Content.Chunk unread;
            Runnable demand;
            boolean over;
            lock.lock();
            try {
                closed = true;
                grace = deadline;
                unread = chunk;
                demand = demander;
                chunk = null;
                over = ended;
            } finally {
                lock.unlock();
            }
            if (over) {
                deadline.close();
            } else {
                // At the deadline the body is closed, which aborts the exchange if it is still open.
                deadline.watch(this);
            }
            if (unread != null) {
                unread.release();
                if (!over) {
                    demand.run();
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            Content.Chunk drained;
            Runnable demand;
            int n;
            lock.lock();
            try {
                while (chunk == null) {
                    if (failure != null) {
                        throw new IOException(failure);
                    }
                    if (ended) {
                        return -1;
                    }
                    if (closed) {
                        throw new AsynchronousCloseException();
                    }
                    changed.await();
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                n = Math.min(bytes.remaining(), length);
                bytes.get(buffer, offset, n);
                if (bytes.hasRemaining()) {
                    return n;
                }
                drained = chunk;
                demand = demander;
                chunk = null;
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            } finally {
                lock.unlock();
            }
            drained.release();
            demand.run();
            return n;
        }

        @Override
        public void close() {
            Content.Chunk unread;
            boolean over;
            lock.lock();
            try {
                closed = true;
                unread = chunk;
                chunk = null;
                over = ended;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (unread != null) {
                unread.release();
            }
            if (!over) {
                response.abort(new AsynchronousCloseException());
            }
        }
    }
}
