package dev.mcpproxy.proxy.upstream.auth;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.net.URI;
import java.util.List;

/**
 * OAuth 2.0 client-credentials settings.
 *
 * @param tokenUrl           token endpoint; or
 * @param discoveryUrl       OpenID / OAuth metadata URL whose {@code token_endpoint} is used
 * @param clientId           client id
 * @param clientSecret       where the client secret lives
 * @param scopes             scopes requested (space-joined)
 * @param resource           RFC 8707 {@code resource} parameter, optional
 * @param audience           {@code audience} parameter (Auth0 and others), optional
 * @param clientAuth         {@code basic} (default) or {@code post}
 * @param refreshSkewSeconds a token is refreshed this long before it expires (default 60)
 * @param timeoutMs          token endpoint request timeout (default 5000)
 * @param maxAttempts        attempts on 5xx and timeouts, with backoff (default 3)
 */
public record OAuth2Config(String tokenUrl, String discoveryUrl, String clientId, SecretRef clientSecret,
                           List<String> scopes, String resource, String audience, ClientAuthMethod clientAuth,
                           Integer refreshSkewSeconds, Integer timeoutMs, Integer maxAttempts) {

    public OAuth2Config {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        clientAuth = clientAuth == null ? ClientAuthMethod.BASIC : clientAuth;
        refreshSkewSeconds = refreshSkewSeconds == null ? 60 : refreshSkewSeconds;
        timeoutMs = timeoutMs == null ? 5000 : timeoutMs;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    }

    public void validate(String key, ConfigProblems problems) {
        boolean hasTokenUrl = tokenUrl != null;
        boolean hasDiscovery = discoveryUrl != null;
        if (problems.check(hasTokenUrl != hasDiscovery, key, "set exactly one of tokenUrl, discoveryUrl")) {
            String urlKey = hasTokenUrl ? key + ".tokenUrl" : key + ".discoveryUrl";
            problems.check(isHttpUrl(hasTokenUrl ? tokenUrl : discoveryUrl), urlKey, "must be an http(s) URL");
        }
        problems.check(clientId != null && !clientId.isBlank(), key + ".clientId", "is required");
        if (problems.check(clientSecret != null, key + ".clientSecret", "is required")) {
            clientSecret.validate(key + ".clientSecret", problems);
        }
        problems.check(refreshSkewSeconds >= 0, key + ".refreshSkewSeconds", "must not be negative");
        problems.check(timeoutMs > 0, key + ".timeoutMs", "must be positive");
        problems.check(maxAttempts >= 1, key + ".maxAttempts", "must be at least 1");
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            problems.check(scope != null && !scope.isBlank() && !scope.contains(" "), key + ".scopes[" + i + "]",
                    "must be one non-blank scope without spaces");
        }
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
