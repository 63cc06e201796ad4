package dev.mcpproxy.proxy.identity;

import java.util.Map;
import java.util.Set;

/**
 * Who is calling: established once per request by the identity stage, read by every later stage.
 *
 * @param id       stable identifier (the token's {@code sub}, or {@code anonymous})
 * @param clientId OAuth client id ({@code client_id} or {@code azp}), or null
 * @param scopes   granted scopes
 * @param groups   groups the principal belongs to (Cognito {@code cognito:groups})
 * @param claims   further claims selected in configuration, as strings
 * @param anonymous true when identity mode is {@code none}
 */
public record Principal(String id, String clientId, Set<String> scopes, Set<String> groups,
                        Map<String, String> claims, boolean anonymous) {

    public static final Principal ANONYMOUS = new Principal("anonymous", null, Set.of(), Set.of(), Map.of(), true);

    public Principal {
        scopes = Set.copyOf(scopes);
        groups = Set.copyOf(groups);
        claims = Map.copyOf(claims);
    }
}
