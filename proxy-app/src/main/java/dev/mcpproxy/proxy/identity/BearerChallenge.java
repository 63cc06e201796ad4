package dev.mcpproxy.proxy.identity;

import java.net.URI;
import java.util.Collection;

/** Builds {@code WWW-Authenticate: Bearer …} values (RFC 6750 §3, with RFC 9728's {@code resource_metadata}). */
final class BearerChallenge {
    static final String WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource";

    private BearerChallenge() {
    }

    /** The metadata URL for an MCP endpoint: its origin plus the well-known path. */
    static String metadataUrlFor(String resourceUrl) {
        URI uri = URI.create(resourceUrl);
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + WELL_KNOWN_PATH;
    }

    /** No token at all: no error code (RFC 6750 §3.1). */
    static String missingToken(String metadataUrl) {
        return "Bearer resource_metadata=\"" + metadataUrl + "\"";
    }

    static String invalidRequest(String metadataUrl, String description) {
        return "Bearer error=\"invalid_request\", error_description=\"" + description + "\", resource_metadata=\""
                + metadataUrl + "\"";
    }

    static String invalidToken(String metadataUrl, String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + description + "\", resource_metadata=\""
                + metadataUrl + "\"";
    }

    static String insufficientScope(String metadataUrl, Collection<String> requiredScopes) {
        return "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", requiredScopes)
                + "\", resource_metadata=\"" + metadataUrl + "\"";
    }
}
