package dev.mcpproxy.proxy.jsonrpc;

import dev.mcpproxy.contracts.ErrorCodes;

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

    // The proxy's own codes live in ErrorCodes: the CDK app's metric filters count them too.
    public static final int UPSTREAM_UNAVAILABLE = ErrorCodes.UPSTREAM_UNAVAILABLE;
    public static final int RESOURCE_NOT_FOUND = ErrorCodes.RESOURCE_NOT_FOUND;
    public static final int FORBIDDEN = ErrorCodes.FORBIDDEN;
    public static final int RATE_LIMITED = ErrorCodes.RATE_LIMITED;
    public static final int PII_BLOCKED = ErrorCodes.PII_BLOCKED;
    public static final int CIRCUIT_OPEN = ErrorCodes.CIRCUIT_OPEN;
    public static final int UNAUTHENTICATED = ErrorCodes.UNAUTHENTICATED;

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
