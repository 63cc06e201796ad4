package dev.mcpproxy.proxy.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

/**
 * An upstream could not deliver a usable answer. The message always names the upstream and never
 * contains request or response bodies, so it can go to the client and to the logs as it is.
 */
public class UpstreamException extends Exception {

    /** What went wrong; resilience decides on it (only {@link #UNREACHABLE} is safe to retry blindly). */
    public enum Kind {
        /** Connection refused, reset or DNS failure: the request never reached the upstream. */
        UNREACHABLE,
        /** No complete answer within the configured timeout. */
        TIMEOUT,
        /** An HTTP status the protocol does not allow here (5xx, unexpected 4xx). */
        HTTP_STATUS,
        /** The answer was not valid MCP over Streamable HTTP (garbage, wrong content type, no response). */
        PROTOCOL,
        /** The answer exceeded the upstream's {@code maxResponseBytes}. */
        TOO_LARGE,
        /** The upstream rejected the proxy's credentials, or none could be obtained. */
        AUTH,
        /** The connection was closed by the proxy. */
        CLOSED
    }

    private final String upstream;
    private final Kind kind;
    private final String reason;

    public UpstreamException(String upstream, Kind kind, String message) {
        this(upstream, kind, message, null);
    }

    public UpstreamException(String upstream, Kind kind, String message, Throwable cause) {
        super("upstream '" + upstream + "': " + message, cause);
        this.upstream = upstream;
        this.kind = kind;
        this.reason = message;
    }

    public String upstream() {
        return upstream;
    }

    public Kind kind() {
        return kind;
    }

    /** The message without the upstream's name, e.g. {@code connection refused}. */
    public String reason() {
        return reason;
    }

    public int code() {
        return JsonRpcErrors.UPSTREAM_UNAVAILABLE;
    }

    /** The JSON-RPC {@code error} object: code, this message, and {@code data.upstream} / {@code data.reason}. */
    public ObjectNode toJsonRpcError() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code());
        error.put("message", getMessage());
        ObjectNode data = error.putObject("data");
        data.put("upstream", upstream);
        data.put("reason", kind.name().toLowerCase(java.util.Locale.ROOT));
        return error;
    }
}
