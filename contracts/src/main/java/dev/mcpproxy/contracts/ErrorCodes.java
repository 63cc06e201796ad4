package dev.mcpproxy.contracts;

import java.util.List;

/**
 * The proxy's own JSON-RPC error codes (the implementation-defined server-error range), on which clients and the
 * CDK app's audit metric filters rely.
 */
public final class ErrorCodes {
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

    /** The codes of an upstream failure, as the upstream-error metric filter and query count them. */
    public static final List<Integer> UPSTREAM_FAILURES = List.of(UPSTREAM_UNAVAILABLE, CIRCUIT_OPEN);

    private ErrorCodes() {
    }
}
