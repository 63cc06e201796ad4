package dev.mcpproxy.proxy.upstream.auth;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Applies {@code first}, then {@code last} on the request as {@code first} left it, so that a
 * signature made by {@code last} covers the headers {@code first} added.
 */
final class LayeredAuthenticator implements UpstreamAuthenticator {
    private final UpstreamAuthenticator first;
    private final UpstreamAuthenticator last;

    LayeredAuthenticator(UpstreamAuthenticator first, UpstreamAuthenticator last) {
        this.first = first;
        this.last = last;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body)
            throws UpstreamAuthException {
        Map<String, String> added = new HashMap<>(first.headers(method, uri, headers, body));
        Map<String, String> seen = new HashMap<>(headers);
        seen.putAll(added);
        added.putAll(last.headers(method, uri, Map.copyOf(seen), body));
        return added;
    }

    @Override
    public boolean credentialsRejected() {
        boolean firstRenewed = first.credentialsRejected();
        boolean lastRenewed = last.credentialsRejected();
        return firstRenewed || lastRenewed;
    }
}
