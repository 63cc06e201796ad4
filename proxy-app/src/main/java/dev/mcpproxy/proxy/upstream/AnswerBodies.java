package dev.mcpproxy.proxy.upstream;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

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
     * One exchange: collects a JSON body up to the limit (a byte more aborts the exchange and fails
     * it), or hands every other body to a stream as it arrives.
     */
    private static final class Receiver implements Response.Listener {
        private final long limit;
        private final CompletableFuture<Answer> answer = new CompletableFuture<>();
        /** The streamed body's source, or null while the body is collected whole. */
        private InputStreamResponseListener stream;
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
            stream = new InputStreamResponseListener();
            stream.onHeaders(response);
            answer.complete(new Answer(response.getStatus(), headers, new AbortingStream(stream.getInputStream(),
                    response)));
        }

        @Override
        public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
            if (stream != null) {
                stream.onContent(response, chunk, demander);
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
        public void onSuccess(Response response) {
            if (stream != null) {
                stream.onSuccess(response);
            }
        }

        @Override
        public void onFailure(Response response, Throwable failure) {
            if (stream != null) {
                stream.onFailure(response, failure);
            }
        }

        @Override
        public void onComplete(Result result) {
            if (stream != null) {
                stream.onComplete(result);
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
     * A streamed body whose early close aborts the exchange: Jetty would otherwise keep the
     * connection waiting for the rest of a stream nobody reads (a quiet event stream may never end).
     */
    private static final class AbortingStream extends InputStream {
        private final InputStream in;
        private final Response response;
        private volatile boolean ended;

        AbortingStream(InputStream in, Response response) {
            this.in = in;
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort(new AsynchronousCloseException());
            }
            in.close();
        }
    }
}
