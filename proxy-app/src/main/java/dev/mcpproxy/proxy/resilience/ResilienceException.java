package dev.mcpproxy.proxy.resilience;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.upstream.UpstreamException;

import java.util.Locale;

/**
 * The guard refused or cut short a call. It is an {@link UpstreamException}, so the request path
 * turns it into a JSON-RPC error like any other upstream failure: code
 * {@link JsonRpcErrors#CIRCUIT_OPEN} for an open circuit (with {@code data.retryAfterMs}),
 * {@link JsonRpcErrors#UPSTREAM_UNAVAILABLE} otherwise; {@code data.reason} says which.
 */
public final class ResilienceException extends UpstreamException {

    public enum Reason {
        CIRCUIT_OPEN, BULKHEAD_FULL, TIMEOUT
    }

    private final Reason reason;
    private final long retryAfterMs;

    ResilienceException(String upstream, Reason reason, String message, long retryAfterMs) {
        // Refused calls never left the proxy; a timed-out one may have.
        super(upstream, reason == Reason.TIMEOUT ? Kind.TIMEOUT : Kind.UNREACHABLE, message);
        this.reason = reason;
        this.retryAfterMs = retryAfterMs;
    }

    /** Why the guard refused or cut short the call. */
    public Reason refusal() {
        return reason;
    }

    @Override
    public int code() {
        return reason == Reason.CIRCUIT_OPEN ? JsonRpcErrors.CIRCUIT_OPEN : JsonRpcErrors.UPSTREAM_UNAVAILABLE;
    }

    @Override
    public ObjectNode toJsonRpcError() {
        ObjectNode error = super.toJsonRpcError();
        ObjectNode data = (ObjectNode) error.get("data");
        data.put("reason", reason.name().toLowerCase(Locale.ROOT));
        if (reason == Reason.CIRCUIT_OPEN) {
            data.put("retryAfterMs", retryAfterMs);
        }
        return error;
    }
}
