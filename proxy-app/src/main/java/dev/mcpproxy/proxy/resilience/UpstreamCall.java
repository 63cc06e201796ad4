package dev.mcpproxy.proxy.resilience;

import dev.mcpproxy.proxy.upstream.UpstreamException;

/** One attempt of a call to an upstream, e.g. {@code () -> connection.request(message, sink)}. */
@FunctionalInterface
public interface UpstreamCall<T> {
    T call() throws UpstreamException;
}
