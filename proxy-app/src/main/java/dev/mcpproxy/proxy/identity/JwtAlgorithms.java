package dev.mcpproxy.proxy.identity;

import com.nimbusds.jose.JWSAlgorithm;

import java.util.Set;

/** The JWS algorithms a bearer token may use: asymmetric only, so a public key can never act as an HMAC secret. */
final class JwtAlgorithms {
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

    private JwtAlgorithms() {
    }

    static boolean isAsymmetric(String name) {
        return ASYMMETRIC.contains(JWSAlgorithm.parse(name));
    }
}
