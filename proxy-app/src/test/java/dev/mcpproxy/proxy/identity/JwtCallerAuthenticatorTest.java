package dev.mcpproxy.proxy.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpproxy.proxy.config.ConfigException;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.identity.CallerAuthenticator.AuthenticationFailure;
import dev.mcpproxy.proxy.identity.CallerAuthenticator.InboundRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Real tokens from mock-oauth2-server: the valid case and each attack the issue lists. */
class JwtCallerAuthenticatorTest {
    private static final String RESOURCE = "http://localhost:8000/mcp";
    private static final String METADATA = "resource_metadata=\"http://localhost:8000/.well-known/oauth-protected-resource\"";
    private static final String ISSUER_ID = "cognito";
    private static final String CLIENT = "agent-client";

    private static MockOAuth2Server oauth;
    private static JwtCallerAuthenticator authenticator;

    @BeforeAll
    static void start() {
        oauth = new MockOAuth2Server();
        oauth.start();
        authenticator = JwtCallerAuthenticator.create(config(true));
    }

    @AfterAll
    static void stop() {
        oauth.shutdown();
    }

    private static IdentityConfig config(boolean verifySignature) {
        IdentityConfig config = new IdentityConfig(IdentityConfig.Mode.JWT, oauth.wellKnownUrl(ISSUER_ID).toString(),
                null, null, null, List.of(CLIENT), List.of("mcp/invoke"), "access", 30, null,
                List.of("email"), verifySignature, null, 1, 60, null, null);
        ConfigProblems problems = new ConfigProblems();
        config.validate("identity", problems);
        problems.throwIfAny();
        return config;
    }

    private static String token(String issuerId, Map<String, Object> extraClaims, long expirySeconds) {
        Map<String, Object> claims = new HashMap<>(Map.of("client_id", CLIENT, "scope", "mcp/invoke mcp/read",
                "token_use", "access", "cognito:groups", List.of("support", "staff"), "email", "alice@example.com"));
        claims.putAll(extraClaims);
        return oauth.issueToken(issuerId, CLIENT, new DefaultOAuth2TokenCallback(issuerId, "alice",
                JOSEObjectType.JWT.getType(), null, claims, expirySeconds)).serialize();
    }

    private static String validToken() {
        return token(ISSUER_ID, Map.of(), 3600);
    }

    private static InboundRequest bearer(String token) {
        return new InboundRequest(Map.of("authorization", "Bearer " + token), null, "10.0.0.1", false, RESOURCE);
    }

    private static AuthenticationFailure rejected(InboundRequest request) {
        return catchThrowableOfType(AuthenticationFailure.class, () -> authenticator.authenticate(request));
    }

    private static void assertInvalidToken(String token) {
        AuthenticationFailure failure = rejected(bearer(token));
        assertThat(failure).as("token must be rejected").isNotNull();
        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.wwwAuthenticate()).startsWith("Bearer error=\"invalid_token\"").contains(METADATA);
    }

    @Test
    void validTokenYieldsThePrincipalWithClientScopesGroupsAndMappedClaims() throws Exception {
        Principal principal = authenticator.authenticate(bearer(validToken()));

        assertThat(principal.id()).isEqualTo("alice");
        assertThat(principal.clientId()).isEqualTo(CLIENT);
        assertThat(principal.scopes()).containsExactlyInAnyOrder("mcp/invoke", "mcp/read");
        assertThat(principal.groups()).containsExactlyInAnyOrder("support", "staff");
        assertThat(principal.claims()).containsExactly(Map.entry("email", "alice@example.com"));
        assertThat(principal.anonymous()).isFalse();
    }

    @Test
    void noTokenGets401WithResourceMetadataAndNoErrorCode() {
        AuthenticationFailure failure = rejected(new InboundRequest(Map.of(), null, "10.0.0.1", false, RESOURCE));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.wwwAuthenticate()).isEqualTo("Bearer " + METADATA);
    }

    @Test
    void healthProbeIsAnonymousWithoutAToken() throws Exception {
        Principal principal = authenticator.authenticate(new InboundRequest(Map.of(), null, "127.0.0.1", true, RESOURCE));

        assertThat(principal).isEqualTo(Principal.ANONYMOUS);
    }

    @Test
    void tokenInTheQueryStringIsRefusedEvenWhenValid() {
        AuthenticationFailure failure = rejected(new InboundRequest(Map.of("authorization", "Bearer " + validToken()),
                "x=1&access_token=" + validToken(), "10.0.0.1", false, RESOURCE));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.wwwAuthenticate()).startsWith("Bearer error=\"invalid_request\"").contains(METADATA);
    }

    @Test
    void otherSchemesAreRefused() {
        AuthenticationFailure failure = rejected(new InboundRequest(Map.of("authorization", "Basic YWxpY2U6c2VjcmV0"),
                null, "10.0.0.1", false, RESOURCE));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.wwwAuthenticate()).startsWith("Bearer error=\"invalid_request\"");
    }

    @Test
    void expiredTokenIsRejected() {
        assertInvalidToken(token(ISSUER_ID, Map.of(), -120));
    }

    @Test
    void expiryWithinTheClockSkewIsAccepted() throws Exception {
        assertThat(authenticator.authenticate(bearer(token(ISSUER_ID, Map.of(), -5))).id()).isEqualTo("alice");
    }

    @Test
    void notYetValidTokenIsRejected() {
        long inTenMinutes = Instant.now().plusSeconds(600).getEpochSecond();
        String token = token(ISSUER_ID, Map.of("nbf", inTenMinutes), 3600);
        assertThat(claims(token).getNotBeforeTime()).isAfter(new Date());

        assertInvalidToken(token);
    }

    @Test
    void wrongIssuerIsRejected() {
        assertInvalidToken(token("someone-else", Map.of(), 3600));
    }

    @Test
    void wrongClientIsRejected() {
        assertInvalidToken(token(ISSUER_ID, Map.of("client_id", "another-client"), 3600));
    }

    @Test
    void aSignedTokenWithoutClientIdOrAzpIsRejectedWithAChallenge() {
        String token = oauth.anyToken(oauth.issuerUrl(ISSUER_ID), Map.of("sub", "alice", "scope", "mcp/invoke",
                "token_use", "access"), java.time.Duration.ofHours(1)).serialize();
        assertThat(claims(token).getClaims()).doesNotContainKeys("client_id", "azp");

        assertInvalidToken(token);
    }

    @Test
    void aSignatureWithCharactersOutsideBase64UrlIsRejected() {
        String token = validToken();
        int signature = token.lastIndexOf('.') + 1;
        for (String tampered : List.of(token + "!!", token + "=", token + " x", token.replace(".", ".."),
                token.substring(0, signature) + "+/" + token.substring(signature))) {
            assertInvalidToken(tampered);
        }
    }

    @Test
    void idTokensAreRejectedWhereAccessTokensAreRequired() {
        assertInvalidToken(token(ISSUER_ID, Map.of("token_use", "id"), 3600));
    }

    @Test
    void missingScopeGets403InsufficientScope() {
        AuthenticationFailure failure = rejected(bearer(token(ISSUER_ID, Map.of("scope", "mcp/read"), 3600)));

        assertThat(failure.status()).isEqualTo(403);
        assertThat(failure.wwwAuthenticate())
                .startsWith("Bearer error=\"insufficient_scope\", scope=\"mcp/invoke\"").contains(METADATA);
    }

    @Test
    void unsignedAlgNoneTokenIsRejected() {
        assertInvalidToken(new PlainJWT(claims(validToken())).serialize());
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRejected() throws Exception {
        SignedJWT genuine = SignedJWT.parse(validToken());
        RSAKey publicKey = (RSAKey) JWKSet.load(URI.create(oauth.jwksUrl(ISSUER_ID).toString()).toURL()).getKeys().getFirst();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(genuine.getHeader().getKeyID())
                .type(JOSEObjectType.JWT).build(), genuine.getJWTClaimsSet());
        forged.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));

        assertInvalidToken(forged.serialize());
    }

    @Test
    void tokenSignedWithAnUnknownKeyIdIsRejected() throws Exception {
        RSAKey attackerKey = new RSAKeyGenerator(2048).keyID("attacker-key").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker-key")
                .type(JOSEObjectType.JWT).build(), claims(validToken()));
        forged.sign(new RSASSASigner(attackerKey));

        assertInvalidToken(forged.serialize());
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = validToken().split("\\.");
        JWTClaimsSet escalated = new JWTClaimsSet.Builder(JWTClaimsSet.parse(Base64URL.from(parts[1]).decodeToString()))
                .claim("cognito:groups", List.of("admins")).build();
        String tampered = parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2];

        assertInvalidToken(tampered);
    }

    @Test
    void unknownKeyIdsRefetchTheJwksAtMostOncePerInterval() throws Exception {
        MockOAuth2Server own = new MockOAuth2Server();
        own.start();
        try {
            JwtCallerAuthenticator rateLimited = JwtCallerAuthenticator.create(new IdentityConfig(IdentityConfig.Mode.JWT,
                    own.wellKnownUrl(ISSUER_ID).toString(), null, null, null, List.of(CLIENT), null, null, null, null,
                    null, null, null, 300, 600, null, null));
            String valid = own.issueToken(ISSUER_ID, CLIENT, new DefaultOAuth2TokenCallback(ISSUER_ID, "alice",
                    JOSEObjectType.JWT.getType(), null, Map.of("client_id", CLIENT), 3600)).serialize();
            RSAKey attackerKey = new RSAKeyGenerator(2048).keyID("rotated-or-forged").generate();

            assertThat(rateLimited.authenticate(bearer(valid)).id()).isEqualTo("alice");
            for (int i = 0; i < 10; i++) {
                SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rotated-or-forged")
                        .type(JOSEObjectType.JWT).build(), SignedJWT.parse(valid).getJWTClaimsSet());
                unknownKid.sign(new RSASSASigner(attackerKey));
                assertThatThrownBy(() -> rateLimited.authenticate(bearer(unknownKid.serialize())))
                        .isInstanceOf(AuthenticationFailure.class);
            }
            assertThat(rateLimited.authenticate(bearer(valid)).id()).isEqualTo("alice");

            long jwksFetches = recordedPaths(own).stream().filter(path -> path.endsWith("/jwks")).count();
            assertThat(jwksFetches).as("first fetch plus at most one refresh for the unknown kid").isBetween(1L, 2L);
        } finally {
            own.shutdown();
        }
    }

    @Test
    void withoutSignatureVerificationTheClaimsAreStillChecked() throws Exception {
        JwtCallerAuthenticator platformVerified = JwtCallerAuthenticator.create(config(false));
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("platform-key").generate();
        SignedJWT signedElsewhere = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("platform-key").build(),
                claims(validToken()));
        signedElsewhere.sign(new RSASSASigner(otherKey));

        assertThat(platformVerified.authenticate(bearer(signedElsewhere.serialize())).id()).isEqualTo("alice");
        assertThatThrownBy(() -> platformVerified.authenticate(bearer(token(ISSUER_ID, Map.of(), -120))))
                .isInstanceOf(AuthenticationFailure.class);
        assertThatThrownBy(() -> platformVerified.authenticate(bearer(new PlainJWT(claims(validToken())).serialize())))
                .isInstanceOf(AuthenticationFailure.class);
    }

    @Test
    void protectedResourceMetadataNamesTheIssuerAndScopes() {
        var metadata = authenticator.protectedResourceMetadata(RESOURCE).orElseThrow();

        assertThat(metadata.get("resource").asText()).isEqualTo(RESOURCE);
        assertThat(metadata.get("authorization_servers").get(0).asText()).isEqualTo(oauth.issuerUrl(ISSUER_ID).toString());
        assertThat(metadata.get("scopes_supported").get(0).asText()).isEqualTo("mcp/invoke");
        assertThat(metadata.get("bearer_methods_supported").get(0).asText()).isEqualTo("header");
    }

    @Test
    void modeMustBeExplicitAndJwtNeedsAnAudienceOrClient() {
        ConfigProblems problems = new ConfigProblems();
        new IdentityConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null).validate("identity", problems);
        new IdentityConfig(IdentityConfig.Mode.JWT, "ftp://x", null, null, null, null, null, null, 900, null, null,
                null, List.of("HS256"), null, null, null, null).validate("other", problems);

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).containsExactly(
                        "identity.mode: must be set explicitly: jwt, or none for local runs",
                        "other.discoveryUrl: must be an http(s) URL",
                        "other: set audiences or clientIds (or both): a token for any client of the issuer must not be accepted",
                        "other.clockSkewSeconds: must be between 0 and 300",
                        "other.algorithms[0]: not an asymmetric JWS algorithm (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA)"));
    }

    /** Every request the server has received so far (it throws once none is left). */
    private static List<String> recordedPaths(MockOAuth2Server server) {
        List<String> paths = new java.util.ArrayList<>();
        try {
            while (true) {
                paths.add(server.takeRequest(200, java.util.concurrent.TimeUnit.MILLISECONDS).getPath());
            }
        } catch (RuntimeException drained) {
            return paths;
        }
    }

    private static JWTClaimsSet claims(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
