package dev.mcpproxy.proxy.upstream.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Adds headers whose values are secrets (API keys), read from their sources on each request. */
public final class StaticHeadersAuthenticator implements UpstreamAuthenticator {
    private final Map<String, StaticHeader> headers;

    /** One header: lower-case name, value prefix and the secret behind it. */
    record StaticHeader(String prefix, SecretSource secret) {
    }

    StaticHeadersAuthenticator(Map<String, StaticHeader> headers) {
        this.headers = Map.copyOf(headers);
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> existing, byte[] body)
            throws UpstreamAuthException {
        Map<String, String> added = new LinkedHashMap<>();
        for (Map.Entry<String, StaticHeader> header : headers.entrySet()) {
            added.put(header.getKey().toLowerCase(Locale.ROOT),
                    header.getValue().prefix() + header.getValue().secret().value());
        }
        return added;
    }

    @Override
    public boolean credentialsRejected() {
        // A rotated key may be waiting in its source: read it again and try once more.
        headers.values().forEach(header -> header.secret().invalidate());
        return true;
    }
}
