package dev.mcpproxy.proxy.upstream.auth;

/** Credentials for an upstream could not be obtained; the message names the upstream and the source. */
public class UpstreamAuthException extends Exception {
    public UpstreamAuthException(String message) {
        super(message);
    }

    public UpstreamAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
