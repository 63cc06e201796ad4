package dev.mcpproxy.proxy.identity;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns verified claims into a {@link Principal}: subject, client id, scopes, groups, the configured claims, and the
 * roles {@code identity.roles} derives from them.
 */
final class TokenPrincipalMapper {
    private final String groupsClaim;
    private final List<String> claimNames;
    private final Map<String, RoleRule> roles;

    TokenPrincipalMapper(String groupsClaim, List<String> claimNames, Map<String, RoleRule> roles) {
        this.groupsClaim = groupsClaim;
        this.claimNames = claimNames;
        this.roles = roles;
    }

    Principal principal(JWTClaimsSet claims) {
        Map<String, String> selected = new LinkedHashMap<>();
        for (String name : claimNames) {
            Object value = claims.getClaim(name);
            if (value != null) {
                selected.put(name, value instanceof Collection<?> list ? String.join(",", strings(list)) : value.toString());
            }
        }
        return new Principal(claims.getSubject(), clientId(claims), scopes(claims), strings(claims.getClaim(groupsClaim)),
                selected, false).withRoles(roles);
    }

    /** OAuth client id: {@code client_id} (Cognito, RFC 9068) or {@code azp} (OIDC). */
    static String clientId(JWTClaimsSet claims) {
        Object clientId = claims.getClaim("client_id");
        Object azp = claims.getClaim("azp");
        return clientId != null ? clientId.toString() : azp != null ? azp.toString() : null;
    }

    /** {@code scope} (space-separated, RFC 8693) or {@code scp} (string or list). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String text) {
                scopes.addAll(Arrays.asList(text.trim().split("\\s+")));
            } else if (value instanceof Collection<?> list) {
                scopes.addAll(strings(list));
            }
        }
        scopes.remove("");
        return scopes;
    }

    private static Set<String> strings(Object value) {
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(item -> result.add(String.valueOf(item)));
        } else if (value != null) {
            result.add(value.toString());
        }
        return result;
    }
}
