package dev.mcpproxy.proxy.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code identity:} section: how callers are authenticated.
 *
 * @param mode                 {@code jwt} or {@code none}; must be chosen explicitly
 * @param discoveryUrl         OIDC discovery document ({@code …/.well-known/openid-configuration})
 * @param issuer               expected {@code iss}; defaults to the discovery document's issuer
 * @param jwksUrl              JWKS location; defaults to the discovery document's {@code jwks_uri}
 * @param audiences            accepted {@code aud} values (empty: not checked)
 * @param clientIds            accepted {@code client_id}/{@code azp} values (empty: not checked)
 * @param requiredScopes       scopes every token must carry
 * @param tokenUse             required {@code token_use} when the token has one (Cognito: {@code access})
 * @param clockSkewSeconds     tolerance for {@code exp}/{@code nbf}
 * @param groupsClaim          claim holding the caller's groups
 * @param claims               further claims copied into the principal (as strings)
 * @param verifySignature      false only behind a platform that has already verified the token
 *                             (AgentCore's custom JWT authorizer); the claims are checked anyway
 * @param algorithms           accepted JWS algorithms (asymmetric only)
 * @param jwksMinRefreshSeconds least time between two JWKS fetches caused by unknown key ids
 * @param jwksCacheSeconds     how long a fetched JWKS is used before it is fetched again
 * @param authorizationServers authorization servers announced in the protected-resource metadata
 *                             (default: the issuer)
 * @param resourceMetadataUrl  public URL of the protected-resource metadata, when the proxy is
 *                             reached through a URL it cannot derive itself
 * @param roles                role name to the scopes, client ids or groups that confer it; policies read
 *                             the roles a caller holds as {@code principal.roles}
 */
public record IdentityConfig(Mode mode, String discoveryUrl, String issuer, String jwksUrl, List<String> audiences,
                             List<String> clientIds, List<String> requiredScopes, String tokenUse,
                             Integer clockSkewSeconds, String groupsClaim, List<String> claims,
                             Boolean verifySignature, List<String> algorithms, Integer jwksMinRefreshSeconds,
                             Integer jwksCacheSeconds, List<String> authorizationServers,
                             String resourceMetadataUrl, Map<String, RoleRule> roles) {

    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    /** Explicit anonymous mode, for local runs started from the command line. */
    public static final IdentityConfig NONE = new IdentityConfig(Mode.NONE, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    /** Without roles: every caller's {@code principal.roles} is empty. */
    public IdentityConfig(Mode mode, String discoveryUrl, String issuer, String jwksUrl, List<String> audiences,
                          List<String> clientIds, List<String> requiredScopes, String tokenUse, Integer clockSkewSeconds,
                          String groupsClaim, List<String> claims, Boolean verifySignature, List<String> algorithms,
                          Integer jwksMinRefreshSeconds, Integer jwksCacheSeconds, List<String> authorizationServers,
                          String resourceMetadataUrl) {
        this(mode, discoveryUrl, issuer, jwksUrl, audiences, clientIds, requiredScopes, tokenUse, clockSkewSeconds,
                groupsClaim, claims, verifySignature, algorithms, jwksMinRefreshSeconds, jwksCacheSeconds,
                authorizationServers, resourceMetadataUrl, null);
    }

    public enum Mode {
        @JsonProperty("none") NONE,
        @JsonProperty("jwt") JWT
    }

    public IdentityConfig {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
        requiredScopes = requiredScopes == null ? List.of() : List.copyOf(requiredScopes);
        tokenUse = tokenUse == null ? "access" : tokenUse;
        clockSkewSeconds = clockSkewSeconds == null ? 30 : clockSkewSeconds;
        groupsClaim = groupsClaim == null ? "cognito:groups" : groupsClaim;
        claims = claims == null ? List.of() : List.copyOf(claims);
        verifySignature = verifySignature == null || verifySignature;
        algorithms = algorithms == null ? List.of("RS256") : List.copyOf(algorithms);
        jwksMinRefreshSeconds = jwksMinRefreshSeconds == null ? 30 : jwksMinRefreshSeconds;
        jwksCacheSeconds = jwksCacheSeconds == null ? 900 : jwksCacheSeconds;
        authorizationServers = authorizationServers == null ? List.of() : List.copyOf(authorizationServers);
        roles = roles == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(roles));
    }

    public void validate(String key, ConfigProblems problems) {
        if (!problems.check(mode != null, key + ".mode", "must be set explicitly: jwt, or none for local runs")
                || mode == Mode.NONE) {
            return;
        }
        if (discoveryUrl == null) {
            problems.check(issuer != null, key + ".issuer", "required when discoveryUrl is not set");
            problems.check(jwksUrl != null || !verifySignature, key + ".jwksUrl",
                    "required when discoveryUrl is not set");
        } else {
            checkUrl(discoveryUrl, key + ".discoveryUrl", problems);
        }
        if (jwksUrl != null) {
            checkUrl(jwksUrl, key + ".jwksUrl", problems);
        }
        if (resourceMetadataUrl != null) {
            checkUrl(resourceMetadataUrl, key + ".resourceMetadataUrl", problems);
        }
        problems.check(!audiences.isEmpty() || !clientIds.isEmpty(), key,
                "set audiences or clientIds (or both): a token for any client of the issuer must not be accepted");
        problems.check(clockSkewSeconds >= 0 && clockSkewSeconds <= 300, key + ".clockSkewSeconds",
                "must be between 0 and 300");
        problems.check(jwksMinRefreshSeconds >= 1, key + ".jwksMinRefreshSeconds", "must be at least 1");
        problems.check(jwksCacheSeconds > jwksMinRefreshSeconds, key + ".jwksCacheSeconds",
                "must be greater than jwksMinRefreshSeconds");
        roles.forEach((role, rule) -> {
            if (problems.check(ROLE_NAME.matcher(role).matches(), key + ".roles." + role,
                    "a role name starts with a letter and holds letters, digits, '_', '.' or '-' (at most 64)")) {
                if (problems.check(rule != null, key + ".roles." + role, "list the scopes, clientIds or groups that confer it")) {
                    rule.validate(key + ".roles." + role, clientIds, problems);
                }
            }
        });
        for (int i = 0; i < algorithms.size(); i++) {
            problems.check(JwtAlgorithms.isAsymmetric(algorithms.get(i)), key + ".algorithms[" + i + "]",
                    "not an asymmetric JWS algorithm (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)");
        }
    }

    private static void checkUrl(String url, String key, ConfigProblems problems) {
        try {
            URI uri = URI.create(url);
            problems.check("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()), key,
                    "must be an http(s) URL");
        } catch (IllegalArgumentException e) {
            problems.add(key, "must be an http(s) URL");
        }
    }
}
