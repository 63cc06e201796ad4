package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens when the store cannot decide. */
public enum FailMode {
    /** Admit the request (availability over the limit). */
    @JsonProperty("open") OPEN,
    /** Reject the request with a rate-limit error (the limit over availability). */
    @JsonProperty("closed") CLOSED
}
