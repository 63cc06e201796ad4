package dev.mcpproxy.proxy.upstream.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Sends an OAuth 2.0 client-credentials access token as a bearer token. The token is cached and
 * refreshed ahead of expiry by one caller at a time (the others wait for that refresh and reuse
 * its result). When the token endpoint fails, the cached token serves until it really expires;
 * after a failure the endpoint is left alone for a short pause so waiting callers do not pile on.
 */
public final class OAuth2Authenticator implements UpstreamAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(OAuth2Authenticator.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

    private final String upstream;
    private final TokenEndpointClient tokenEndpoint;
    private final Duration refreshSkew;
    private final Clock clock;
    private final Consumer<String> refreshed;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile AccessToken token;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile UpstreamAuthException lastFailure;

    /** @param refreshed told the upstream's name after each token fetched (the TokenRefreshes metric) */
    OAuth2Authenticator(String upstream, TokenEndpointClient tokenEndpoint, Duration refreshSkew, Clock clock,
                        Consumer<String> refreshed) {
        this.upstream = upstream;
        this.tokenEndpoint = tokenEndpoint;
        this.refreshSkew = refreshSkew;
        this.clock = clock;
        this.refreshed = refreshed;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, Map<String, String> headers, byte[] body)
            throws UpstreamAuthException {
        return Map.of("authorization", "Bearer " + currentToken());
    }

    @Override
    public boolean credentialsRejected() {
        token = null;
        pausedUntil = Instant.MIN;
        LOG.info("Upstream {} rejected its access token; a new one will be fetched", upstream);
        return true;
    }

    private String currentToken() throws UpstreamAuthException {
        AccessToken cached = token;
        if (fresh(cached)) {
            return cached.value();
        }
        refreshing.lock();
        try {
            cached = token;
            if (fresh(cached)) {
                return cached.value();
            }
            Instant now = clock.instant();
            if (now.isBefore(pausedUntil)) {
                return usableOrFail(cached, lastFailure);
            }
            try {
                AccessToken fetched = tokenEndpoint.fetch();
                token = fetched;
                refreshed.accept(upstream);
                LOG.debug("Fetched an access token for upstream {}, valid until {}", upstream, fetched.expiresAt());
                return fetched.value();
            } catch (UpstreamAuthException e) {
                lastFailure = e;
                pausedUntil = now.plus(PAUSE_AFTER_FAILURE);
                LOG.warn("Token refresh failed: {}", e.getMessage());
                return usableOrFail(cached, e);
            }
        } finally {
            refreshing.unlock();
        }
    }

    private boolean fresh(AccessToken cached) {
        return cached != null && clock.instant().plus(refreshSkew).isBefore(cached.expiresAt());
    }

    private String usableOrFail(AccessToken cached, UpstreamAuthException failure) throws UpstreamAuthException {
        if (cached != null && cached.validAt(clock.instant())) {
            return cached.value();
        }
        throw new UpstreamAuthException(failure.getMessage() + "; no valid access token is left", failure);
    }
}
