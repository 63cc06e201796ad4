package dev.mcpproxy.proxy.upstream.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the proxy proves itself to an upstream. */
public enum AuthType {
    @JsonProperty("none") NONE,
    /** AWS Signature V4 with the proxy's own AWS credentials (AgentCore Gateway and Runtime). */
    @JsonProperty("sigv4") SIGV4,
    /** OAuth 2.0 client-credentials grant; the access token is sent as a bearer token. */
    @JsonProperty("oauth2") OAUTH2,
    /** Only the configured static headers (API keys). */
    @JsonProperty("headers") HEADERS
}
