package dev.mcpproxy.proxy.upstream;

/** Whether an upstream currently answers. */
public enum UpstreamState {
    /** Not tried yet. */
    STARTING,
    /** Initialized and discovered; requests are forwarded. */
    READY,
    /** Down or failing; retried in the background with backoff. */
    DEGRADED,
    /** The registry has been closed. */
    CLOSED
}
