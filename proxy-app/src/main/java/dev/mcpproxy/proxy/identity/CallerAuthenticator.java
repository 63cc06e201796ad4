package dev.mcpproxy.proxy.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * Establishes who is calling, at the HTTP level, before any JSON-RPC dispatch. A failure becomes
 * HTTP 401 with {@code WWW-Authenticate} (never a JSON-RPC error), so that MCP clients start their
 * OAuth flow.
 */
public interface CallerAuthenticator {

    /** Identity mode {@code none}: everyone is anonymous. */
    CallerAuthenticator NONE = request -> Principal.ANONYMOUS;

    Principal authenticate(InboundRequest request) throws AuthenticationFailure;

    /**
     * RFC 9728 protected-resource metadata served at {@code /.well-known/oauth-protected-resource},
     * or empty when identity mode needs none.
     */
    default Optional<ObjectNode> protectedResourceMetadata(String resourceUrl) {
        return Optional.empty();
    }

    /**
     * What the authenticator may look at.
     *
     * @param headers      request headers, lower-case names (first value of each)
     * @param query        raw query string or null (a token there is refused, never used)
     * @param remoteAddress the peer's IP address
     * @param healthProbe  true for AgentCore's unauthenticated probe ({@code initialize} or
     *                     {@code ping} from a loopback address without {@code Authorization}),
     *                     which must always succeed
     * @param resourceUrl  the public URL of this MCP endpoint, for {@code resource_metadata}
     */
    record InboundRequest(Map<String, String> headers, String query, String remoteAddress, boolean healthProbe,
                          String resourceUrl) {
    }

    /** The caller is not authenticated; {@code wwwAuthenticate} is sent as the header's value. */
    final class AuthenticationFailure extends Exception {
        private final int status;
        private final String wwwAuthenticate;

        public AuthenticationFailure(int status, String message, String wwwAuthenticate) {
            super(message, null, false, false);
            this.status = status;
            this.wwwAuthenticate = wwwAuthenticate;
        }

        /** 401, or 403 for insufficient scope. */
        public int status() {
            return status;
        }

        public String wwwAuthenticate() {
            return wwwAuthenticate;
        }
    }
}
