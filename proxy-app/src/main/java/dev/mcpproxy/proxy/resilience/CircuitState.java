package dev.mcpproxy.proxy.resilience;

/** A circuit breaker's state, as shown in the health endpoint. */
public enum CircuitState {
    /** Calls flow. */
    CLOSED,
    /** Calls are refused at once until the open period ends. */
    OPEN,
    /** A few probe calls decide whether to close or open again. */
    HALF_OPEN
}
