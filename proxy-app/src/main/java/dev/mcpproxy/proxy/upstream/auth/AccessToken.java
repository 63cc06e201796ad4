package dev.mcpproxy.proxy.upstream.auth;

import java.time.Instant;

/** An access token and when it expires. {@link #toString()} never shows the token. */
record AccessToken(String value, Instant expiresAt) {

    boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
