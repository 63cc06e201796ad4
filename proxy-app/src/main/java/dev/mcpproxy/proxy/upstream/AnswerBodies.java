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
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
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
     *
     * @param untilReadable for an event stream, complete only once there is something to read
     *                      (or the stream ended) rather than with the headers: the waiting thread
     *                      then wakes once for a streamed answer. Not for a stream whose opening
     *                      matters before its first event.
     */
    CompletableFuture<Answer> send(Request request, boolean untilReadable) {
        Receiver receiver = new Receiver(limit, untilReadable);
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
        private final boolean untilReadable;
        private final CompletableFuture<Answer> answer = new CompletableFuture<>();
        /** The streamed body, or null while the body is collected whole. */
        private StreamedBody stream;
        private byte[] collected = new byte[0];
        private int size;

        Receiver(long limit, boolean untilReadable) {
            this.limit = limit;
            this.untilReadable = untilReadable;
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
            Answer streamed = new Answer(response.getStatus(), headers, stream);
            if (untilReadable) {
                stream.readable.thenRun(() -> answer.complete(streamed));
            } else {
                answer.complete(streamed);
            }
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
     * A body read as it arrives: the selector thread queues the chunks and asks for the next one
     * at once, the reading thread takes them. Two costs kept off the reader: it is woken only by a
     * chunk that may matter to it (one made only of whole events without data, like the priming
     * event 2025-11-25 servers send before the response, or keep-alive comments, just waits in the
     * queue), so an answer costs one wake-up rather than one per chunk; and asking for more from
     * the reading thread would wake the selector, a system call per chunk. Past
     * {@link #QUEUE_LIMIT} queued bytes the reader is woken and asks for more only as it reads.
     * Closing the body before its end aborts the exchange: Jetty would otherwise keep the
     * connection waiting for the rest of a stream nobody reads (a quiet event stream may never end).
     */
    private static final class StreamedBody extends InputStream {
        /** Bytes queued beyond this wake the reader and wait for it: a fast or chatty stream must not pile up. */
        private static final int QUEUE_LIMIT = 16 * 1024;

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Response response;
        private final long limit;
        private final ArrayDeque<Content.Chunk> chunks = new ArrayDeque<>(2);
        private final QuietEvents quiet = new QuietEvents();
        private int queued;
        /** Set while the queue is full: the demand for the next chunk, made once the queue is read. */
        private Runnable demander;
        /** Completed the first time the reader should wake: there is something to read, or an end. */
        private final CompletableFuture<Void> readable = new CompletableFuture<>();
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

        /** On the selector thread: the next chunk, queued until it is read. */
        void arrived(Content.Chunk next, Runnable demand) {
            int n = next.remaining();
            boolean wake = false;
            boolean held = false;
            Throwable abort = null;
            lock.lock();
            try {
                if (!closed) {
                    if (n > 0) {
                        next.retain();
                        chunks.add(next);
                        queued += n;
                        // Scanned even when the queue is full: the scanner tracks event boundaries.
                        boolean quietChunk = quiet.only(next.getByteBuffer());
                        held = queued > QUEUE_LIMIT;
                        wake = held || !quietChunk;
                        if (held) {
                            demander = demand;
                        }
                        if (wake) {
                            changed.signalAll();
                        }
                    }
                } else if (grace == null) {
                    abort = new AsynchronousCloseException();
                } else {
                    discarded += n;
                    abort = discarded > limit ? new BoundedInputStream.LimitExceededException(limit) : null;
                }
            } finally {
                lock.unlock();
            }
            if (wake) {
                readable.complete(null);
            }
            if (abort != null) {
                response.abort(abort);
            } else if (!held) {
                demand.run();
            }
        }

        /** On the selector thread: the exchange is over, with a failure or without. */
        void ended(Throwable failed) {
            List<Content.Chunk> unread = List.of();
            Deadline over;
            lock.lock();
            try {
                ended = true;
                if (failed != null && failure == null) {
                    failure = failed;
                    unread = takeAll();
                }
                over = grace;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            unread.forEach(Content.Chunk::release);
            readable.complete(null);
            if (over != null) {
                over.close();
            }
        }

        /** Under the lock: empties the queue, returning its chunks for release outside it. */
        private List<Content.Chunk> takeAll() {
            List<Content.Chunk> all = List.copyOf(chunks);
            chunks.clear();
            queued = 0;
            return all;
        }

        void discardRest(Duration within) {
            Deadline deadline = RequestDeadlines.arm(within);
            List<Content.Chunk> unread;
            Runnable demand;
            boolean over;
            lock.lock();
            try {
                closed = true;
                grace = deadline;
                unread = takeAll();
                demand = demander;
                demander = null;
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
            unread.forEach(Content.Chunk::release);
            if (demand != null && !over) {
                demand.run();
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
            Runnable demand = null;
            int n;
            lock.lock();
            try {
                while (chunks.isEmpty()) {
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
                ByteBuffer bytes = chunks.peek().getByteBuffer();
                n = Math.min(bytes.remaining(), length);
                bytes.get(buffer, offset, n);
                queued -= n;
                if (bytes.hasRemaining()) {
                    return n;
                }
                drained = chunks.poll();
                if (chunks.isEmpty()) {
                    demand = demander;
                    demander = null;
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            } finally {
                lock.unlock();
            }
            drained.release();
            if (demand != null) {
                demand.run();
            }
            return n;
        }

        @Override
        public void close() {
            List<Content.Chunk> unread;
            boolean over;
            lock.lock();
            try {
                closed = true;
                unread = takeAll();
                demander = null;
                over = ended;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            unread.forEach(Content.Chunk::release);
            if (!over) {
                response.abort(new AsynchronousCloseException());
            }
        }
    }
}
