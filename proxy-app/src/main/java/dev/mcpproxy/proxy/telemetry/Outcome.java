package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.contracts.MetricNames;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;

/** The bounded outcome of a request, as metric dimension and span attribute. */
public enum Outcome {
    OK("ok"),
    /** A tool answered with {@code isError: true}: a successful JSON-RPC response that failed. */
    TOOL_ERROR("tool_error"),
    DENIED("denied"),
    INVALID("invalid"),
    RATE_LIMITED(MetricNames.OUTCOME_RATE_LIMITED),
    PII_BLOCKED("pii_blocked"),
    CIRCUIT_OPEN("circuit_open"),
    UNAUTHENTICATED("unauthenticated"),
    NOT_FOUND("not_found"),
    UPSTREAM_ERROR("upstream_error"),
    ERROR("error");

    private final String value;

    Outcome(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The proxy or an upstream failed (as opposed to a caller's mistake, a denial or a tool's own error). */
    public boolean isFailure() {
        return this == ERROR || this == UPSTREAM_ERROR || this == CIRCUIT_OPEN;
    }

    /** The outcome a JSON-RPC error code stands for. */
    public static Outcome ofErrorCode(int code) {
        return switch (code) {
            case JsonRpcErrors.FORBIDDEN -> DENIED;
            case JsonRpcErrors.INVALID_PARAMS, JsonRpcErrors.INVALID_REQUEST, JsonRpcErrors.PARSE_ERROR -> INVALID;
            case JsonRpcErrors.RATE_LIMITED -> RATE_LIMITED;
            case JsonRpcErrors.PII_BLOCKED -> PII_BLOCKED;
            case JsonRpcErrors.CIRCUIT_OPEN -> CIRCUIT_OPEN;
            case JsonRpcErrors.UNAUTHENTICATED -> UNAUTHENTICATED;
            case JsonRpcErrors.METHOD_NOT_FOUND, JsonRpcErrors.RESOURCE_NOT_FOUND -> NOT_FOUND;
            case JsonRpcErrors.UPSTREAM_UNAVAILABLE -> UPSTREAM_ERROR;
            default -> ERROR;
        };
    }
}
