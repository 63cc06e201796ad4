package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the client authenticates to the token endpoint (RFC 6749 section 2.3.1). */
public enum ClientAuthMethod {
    /** {@code client_secret_basic}: HTTP Basic with the URL-encoded id and secret. */
    @JsonProperty("basic") BASIC,
    /** {@code client_secret_post}: id and secret as form fields. */
    @JsonProperty("post") POST
}
