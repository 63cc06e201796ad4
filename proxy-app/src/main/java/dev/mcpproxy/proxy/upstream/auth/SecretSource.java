package dev.mcpproxy.proxy.upstream.auth;

/** The current value of one secret. Implementations pick up rotated values on their own. */
public interface SecretSource {

    String value() throws UpstreamAuthException;

    /** Read the secret again at the next {@link #value()} (after a credential was rejected). */
    default void invalidate() {
    }
}
