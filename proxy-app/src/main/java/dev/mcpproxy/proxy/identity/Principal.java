package dev.mcpproxy.proxy.identity;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: established once per request by the identity stage, read by every later stage.
 *
 * @param id       stable identifier (the token's {@code sub}, or {@code anonymous})
 * @param clientId OAuth client id ({@code client_id} or {@code azp}), or null
 * @param scopes   granted scopes
 * @param groups   groups the principal belongs to (Cognito {@code cognito:groups})
 * @param claims   further claims selected in configuration, as strings
 * @param anonymous true when identity mode is {@code none}
 * @param roles    roles derived from client id, scopes and groups by {@code identity.roles}
 */
public record Principal(String id, String clientId, Set<String> scopes, Set<String> groups,
                        Map<String, String> claims, boolean anonymous, Set<String> roles) {

    public static final Principal ANONYMOUS = new Principal("anonymous", null, Set.of(), Set.of(), Map.of(), true);

    public Principal {
        scopes = Set.copyOf(scopes);
        groups = Set.copyOf(groups);
        claims = Map.copyOf(claims);
        roles = Set.copyOf(roles);
    }

    /** A principal without roles (no {@code identity.roles} mapping). */
    public Principal(String id, String clientId, Set<String> scopes, Set<String> groups, Map<String, String> claims,
                     boolean anonymous) {
        this(id, clientId, scopes, groups, claims, anonymous, Set.of());
    }

    /** The same principal with the roles {@code roles} confers on its client id, scopes and groups. */
    public Principal withRoles(Map<String, RoleRule> roles) {
        Set<String> held = new TreeSet<>();
        roles.forEach((role, rule) -> {
            if (rule.matches(clientId, scopes, groups)) {
                held.add(role);
            }
        });
        return new Principal(id, clientId, scopes, groups, claims, anonymous, held);
    }
}
