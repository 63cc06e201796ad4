package dev.mcpproxy.proxy.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Identity mode {@code jwt}: verifies the bearer token (signature against the issuer's JWKS,
 * issuer, expiry with skew, token use, audience or client id, scopes) and maps it to a
 * {@link Principal}. The token itself is never logged, stored or forwarded.
 */
public final class JwtCallerAuthenticator implements CallerAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JwtCallerAuthenticator.class);
    private static final int HTTP_UNAUTHORIZED = 401;
    private static final int HTTP_FORBIDDEN = 403;
    /** Three unpadded base64url segments (RFC 7515 §7.1, §2). */
    private static final Pattern JWS_COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final IdentityConfig config;
    private final String issuer;
    private final Set<JWSAlgorithm> algorithms;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final TokenPrincipalMapper principalMapper;

    private JwtCallerAuthenticator(IdentityConfig config, String issuer, String jwksUrl) {
        this.config = config;
        this.issuer = issuer;
        this.algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.claimsVerifier = new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "sub", "exp"), null);
        claimsVerifier.setMaxClockSkew(config.clockSkewSeconds());
        this.processor = config.verifySignature() ? processor(jwkSource(jwksUrl)) : null;
        this.principalMapper = new TokenPrincipalMapper(config.groupsClaim(), config.claims(), config.roles());
    }

    /** Builds the authenticator, resolving the OIDC discovery document when one is configured. */
    public static JwtCallerAuthenticator create(IdentityConfig config) {
        String issuer = config.issuer();
        String jwksUrl = config.jwksUrl();
        if (config.discoveryUrl() != null && (issuer == null || jwksUrl == null)) {
            OidcDiscovery discovery = OidcDiscovery.fetch(config.discoveryUrl());
            issuer = issuer == null ? discovery.issuer() : issuer;
            jwksUrl = jwksUrl == null ? discovery.jwksUri() : jwksUrl;
        }
        LOG.info("Caller identity: JWT from issuer {} (signature verified: {})", issuer, config.verifySignature());
        return new JwtCallerAuthenticator(config, issuer, jwksUrl);
    }

    @Override
    public Principal authenticate(InboundRequest request) throws AuthenticationFailure {
        if (request.healthProbe()) {
            return Principal.ANONYMOUS;
        }
        String metadataUrl = metadataUrl(request.resourceUrl());
        if (QueryTokens.containsAccessToken(request.query())) {
            throw new AuthenticationFailure(HTTP_UNAUTHORIZED, "access token in the query string",
                    BearerChallenge.invalidRequest(metadataUrl, "send the access token in the Authorization header only"));
        }
        String authorization = request.headers().get("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new AuthenticationFailure(HTTP_UNAUTHORIZED, "no bearer token", BearerChallenge.missingToken(metadataUrl));
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationFailure(HTTP_UNAUTHORIZED, "not a bearer credential",
                    BearerChallenge.invalidRequest(metadataUrl, "use the Bearer scheme"));
        }
        JWTClaimsSet claims = verifiedClaims(authorization.substring(7).trim(), metadataUrl);
        checkAudienceAndClient(claims, metadataUrl);
        Principal principal = principalMapper.principal(claims);
        if (!principal.scopes().containsAll(config.requiredScopes())) {
            LOG.debug("Rejected caller {}: required scope missing", principal.id());
            throw new AuthenticationFailure(HTTP_FORBIDDEN, "insufficient scope",
                    BearerChallenge.insufficientScope(metadataUrl, config.requiredScopes()));
        }
        return principal;
    }

    @Override
    public Optional<ObjectNode> protectedResourceMetadata(String resourceUrl) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("resource", resourceUrl);
        List<String> servers = config.authorizationServers().isEmpty() ? List.of(issuer) : config.authorizationServers();
        servers.forEach(metadata.putArray("authorization_servers")::add);
        metadata.putArray("bearer_methods_supported").add("header");
        if (!config.requiredScopes().isEmpty()) {
            config.requiredScopes().forEach(metadata.putArray("scopes_supported")::add);
        }
        return Optional.of(metadata);
    }

    private JWTClaimsSet verifiedClaims(String token, String metadataUrl) throws AuthenticationFailure {
        try {
            if (!JWS_COMPACT.matcher(token).matches()) {
                // The library's base64url decoder skips characters outside the alphabet, so a valid
                // token with anything appended would still verify.
                throw new ParseException("not a compact JWS of strict base64url segments", 0);
            }
            JWTClaimsSet claims = processor != null ? processor.process(token, null) : platformVerifiedClaims(token);
            String tokenUse = claims.getStringClaim("token_use");
            if (tokenUse != null && !config.tokenUse().isEmpty() && !tokenUse.equals(config.tokenUse())) {
                throw new BadJWTException("token_use is not " + config.tokenUse());
            }
            return claims;
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.debug("Rejected bearer token: {}", rejectionReason(e));
            throw new AuthenticationFailure(HTTP_UNAUTHORIZED, "invalid token",
                    BearerChallenge.invalidToken(metadataUrl, "the access token is invalid or expired"));
        }
    }

    /** Signature already checked by the platform in front of us: parse, then check the claims the same way. */
    private JWTClaimsSet platformVerifiedClaims(String token) throws ParseException, BadJOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!algorithms.contains(jwt.getHeader().getAlgorithm())) {
            throw new BadJOSEException("algorithm not accepted");
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        claimsVerifier.verify(claims, null);
        return claims;
    }

    /**
     * What failed, in fixed words: library messages can quote claim values, which are the
     * caller's to choose and must not reach the log.
     */
    private static String rejectionReason(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof ParseException) {
            return "malformed token";
        }
        if (!(e instanceof BadJWTException)) {
            return "signature, algorithm or key not accepted";
        }
        if (message.contains("expired")) {
            return "expired";
        }
        if (message.contains("before use time")) {
            return "not yet valid";
        }
        if (message.contains("iss")) {
            return "wrong issuer";
        }
        return message.contains("token_use") ? "wrong token use" : "required claims missing or invalid";
    }

    private void checkAudienceAndClient(JWTClaimsSet claims, String metadataUrl) throws AuthenticationFailure {
        boolean audienceOk = config.audiences().isEmpty() || intersects(claims.getAudience(), config.audiences());
        String clientId = TokenPrincipalMapper.clientId(claims);
        boolean clientOk = config.clientIds().isEmpty() || clientId != null && config.clientIds().contains(clientId);
        if (!audienceOk || !clientOk) {
            LOG.debug("Rejected bearer token: {}", audienceOk ? "client id not allowed" : "audience not allowed");
            throw new AuthenticationFailure(HTTP_UNAUTHORIZED, "token not issued for this resource",
                    BearerChallenge.invalidToken(metadataUrl, "the access token was not issued for this resource"));
        }
    }

    private String metadataUrl(String resourceUrl) {
        return config.resourceMetadataUrl() != null ? config.resourceMetadataUrl()
                : BearerChallenge.metadataUrlFor(resourceUrl);
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> jwtProcessor = new DefaultJWTProcessor<>();
        jwtProcessor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                new JOSEObjectType("at+jwt"), null));
        jwtProcessor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        jwtProcessor.setJWTClaimsSetVerifier(claimsVerifier);
        return jwtProcessor;
    }

    private JWKSource<SecurityContext> jwkSource(String jwksUrl) {
        try {
            long cacheMillis = config.jwksCacheSeconds() * 1000L;
            return JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL())
                    .cache(cacheMillis, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .rateLimited(config.jwksMinRefreshSeconds() * 1000L)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("invalid JWKS URL " + jwksUrl, e);
        }
    }

    private static boolean intersects(Collection<String> actual, Collection<String> accepted) {
        if (actual == null) {
            return false;
        }
        Set<String> common = new LinkedHashSet<>(actual);
        common.retainAll(accepted);
        return !common.isEmpty();
    }
}
