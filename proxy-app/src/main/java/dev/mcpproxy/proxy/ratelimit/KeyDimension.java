package dev.mcpproxy.proxy.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a bucket is kept per: one bucket for each distinct value (or combination) of these. */
public enum KeyDimension {
    /** The caller's principal id ({@code sub}). */
    @JsonProperty("principal") PRINCIPAL,
    /** The caller's OAuth client id. */
    @JsonProperty("client") CLIENT,
    /** The client-facing tool, prompt or resource name. */
    @JsonProperty("tool") TOOL,
    /** The upstream the request goes to. */
    @JsonProperty("upstream") UPSTREAM
}
