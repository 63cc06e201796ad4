package dev.mcpproxy.proxy.upstream.auth;

import java.net.URI;
import java.util.Map;

/**
 * How the proxy authenticates itself to one upstream. It is the last thing to touch a request, so
 * it sees the final body (SigV4 hashes it). The caller's own token is never among the headers.
 */
public interface UpstreamAuthenticator {

    UpstreamAuthenticator NONE = (method, uri, headers, body) -> Map.of();

    /**
     * Headers to add to the request.
     *
     * @param method  HTTP method
     * @param uri     full request URI
     * @param headers the headers already on the request (lower-case names)
     * @param body    the exact body bytes that will be sent (empty for none)
     */
    Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body)
            throws UpstreamAuthException;

    /**
     * The upstream answered 401. Returns true when fresh credentials exist so the request is
     * worth one retry (an OAuth token is dropped and fetched again).
     */
    default boolean credentialsRejected() {
        return false;
    }
}
