package dev.mcpproxy.proxy.jsonrpc;

/**
 * JSON-RPC error codes the proxy answers with. The standard ones come from JSON-RPC 2.0; the
 * proxy's own live in the implementation-defined server-error range and are documented in the
 * README, so clients can rely on them.
 */
public final class JsonRpcErrors {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    /** An upstream could not be reached, timed out, or answered with something unusable. */
    public static final int UPSTREAM_UNAVAILABLE = -32001;
    /** A resource URI that no upstream owns (the MCP specification's code for it). */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** Policy does not permit the call. */
    public static final int FORBIDDEN = -32003;
    /** A rate limit was exceeded; {@code data.retryAfterMs} says when to try again. */
    public static final int RATE_LIMITED = -32004;
    /** Personal data that a {@code block} rule forbids was found in the arguments. */
    public static final int PII_BLOCKED = -32005;
    /** The upstream's circuit breaker is open. */
    public static final int CIRCUIT_OPEN = -32006;
    /** The caller is not authenticated (used where an HTTP 401 cannot be sent). */
    public static final int UNAUTHENTICATED = -32007;

    /** 2026-07-28: the MCP request headers do not match the body, or a required one is missing (HTTP 400). */
    public static final int HEADER_MISMATCH = -32020;
    /**
     * 2026-07-28: the request needs a client capability the client did not declare (HTTP 400); also a
     * 2025-era call whose upstream asks the client something the proxy cannot relay in stateless mode.
     */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    /** 2026-07-28: the requested protocol version is not served; {@code data.supported} lists those that are. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpcErrors() {
    }
}
