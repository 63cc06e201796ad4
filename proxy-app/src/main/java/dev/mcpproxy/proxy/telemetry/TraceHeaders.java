package dev.mcpproxy.proxy.telemetry;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in and out of HTTP headers: the
 * caller's context is continued by the proxy's spans and passed on to every upstream request.
 */
public final class TraceHeaders {
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private TraceHeaders() {
    }

    /** The context carried by an inbound request's headers ({@code header} reads one header by name). */
    public static Context extract(Function<String, String> header) {
        return W3C.extract(Context.current(), header, new TextMapGetter<>() {
            @Override
            public Iterable<String> keys(Function<String, String> carrier) {
                return List.of("traceparent", "tracestate");
            }

            @Override
            public String get(Function<String, String> carrier, String key) {
                return carrier == null ? null : carrier.apply(key);
            }
        });
    }

    /** Adds the current context's headers (lower-case names) for an outbound request. */
    public static void inject(Map<String, String> headers) {
        W3C.inject(Context.current(), headers, Map::put);
    }
}
