package dev.mcpproxy.proxy.upstream;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * How an upstream's answer body is received. A JSON answer is collected whole, up to the response
 * limit, before the waiting request thread wakes: one wake-up per call instead of one for the
 * headers and more for the body. An event stream, and anything else, stays a stream read as it
 * arrives.
 */
final class AnswerBodies implements HttpResponse.BodyHandler<InputStream> {
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final long limit;

    AnswerBodies(long limit) {
        this.limit = Math.min(limit, MAX_ARRAY);
    }

    @Override
    public HttpResponse.BodySubscriber<InputStream> apply(HttpResponse.ResponseInfo info) {
        if (isJson(info.headers())) {
            return HttpResponse.BodySubscribers.mapping(new BoundedBytes(limit), ByteArrayInputStream::new);
        }
        return HttpResponse.BodySubscribers.ofInputStream();
    }

    static boolean isJson(HttpHeaders headers) {
        return contentType(headers).startsWith("application/json");
    }

    static boolean isEventStream(HttpHeaders headers) {
        return contentType(headers).startsWith("text/event-stream");
    }

    private static String contentType(HttpHeaders headers) {
        return headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT).trim();
    }

    /** Collects a body up to the limit; a byte more cancels the exchange and fails it. */
    private static final class BoundedBytes implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> received = new ArrayList<>();
        private Flow.Subscription subscription;
        private long size;

        BoundedBytes(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                size += buffer.remaining();
            }
            if (size > limit) {
                subscription.cancel();
                received.clear();
                body.completeExceptionally(new BoundedInputStream.LimitExceededException(limit));
                return;
            }
            received.addAll(buffers);
        }

        @Override
        public void onError(Throwable failure) {
            received.clear();
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            byte[] all = new byte[(int) size];
            int at = 0;
            for (ByteBuffer buffer : received) {
                int n = buffer.remaining();
                buffer.get(all, at, n);
                at += n;
            }
            received.clear();
            body.complete(all);
        }
    }
}
