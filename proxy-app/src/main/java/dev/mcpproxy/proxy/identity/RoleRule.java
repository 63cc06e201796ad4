package dev.mcpproxy.proxy.identity;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;
import java.util.Set;

/**
 * One entry of {@code identity.roles}: a caller holds the role when its token carries any one of the listed scopes,
 * comes from any one of the listed OAuth clients, or names any one of the listed groups. Machine callers (client
 * credentials) carry scopes and a client id but no groups; users of a user-pool client carry groups.
 *
 * @param scopes    scopes that confer the role, as the token carries them (e.g. {@code mcp-proxy/admin})
 * @param clientIds OAuth client ids that confer the role
 * @param groups    groups that confer the role
 */
public record RoleRule(List<String> scopes, List<String> clientIds, List<String> groups) {

    public RoleRule {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    boolean matches(String clientId, Set<String> tokenScopes, Set<String> tokenGroups) {
        return scopes.stream().anyMatch(tokenScopes::contains)
                || (clientId != null && clientIds.contains(clientId))
                || groups.stream().anyMatch(tokenGroups::contains);
    }

    /**
     * A rule must name something a token can carry: a role no token can match is dead configuration. A client id
     * the identity section does not accept can never reach the policies.
     */
    void validate(String key, List<String> acceptedClientIds, ConfigProblems problems) {
        problems.check(!scopes.isEmpty() || !clientIds.isEmpty() || !groups.isEmpty(), key,
                "list at least one of scopes, clientIds or groups: a role nothing confers is never held");
        problems.check(scopes.stream().noneMatch(s -> s == null || s.isBlank()), key + ".scopes", "must not hold blank names");
        problems.check(groups.stream().noneMatch(g -> g == null || g.isBlank()), key + ".groups", "must not hold blank names");
        for (int i = 0; i < clientIds.size(); i++) {
            String clientId = clientIds.get(i);
            if (problems.check(clientId != null && !clientId.isBlank(), key + ".clientIds[" + i + "]", "must not be blank")
                    && !acceptedClientIds.isEmpty()) {
                problems.check(acceptedClientIds.contains(clientId), key + ".clientIds[" + i + "]",
                        "'" + clientId + "' is not in identity.clientIds, so no accepted token carries it");
            }
        }
    }
}
