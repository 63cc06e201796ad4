package dev.mcpproxy.proxy.governance.pii;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.List;

/**
 * Who gets raw values back in results; everyone else keeps seeing tokens. A principal qualifies
 * through any one of the lists. A policy engine may grant more (see {@link DetokenizeAuthorizer}).
 *
 * @param everyone  every caller, anonymous ones included (local runs and demos)
 * @param groups    groups whose members qualify
 * @param scopes    scopes that qualify
 * @param clientIds OAuth clients that qualify
 * @param roles     roles ({@code identity.roles}) that qualify
 */
public record PiiDetokenizeConfig(Boolean everyone, List<String> groups, List<String> scopes, List<String> clientIds,
                                  List<String> roles) {

    public PiiDetokenizeConfig(Boolean everyone, List<String> groups, List<String> scopes, List<String> clientIds) {
        this(everyone, groups, scopes, clientIds, null);
    }

    public PiiDetokenizeConfig {
        roles = roles == null ? List.of() : List.copyOf(roles);
        everyone = everyone != null && everyone;
        groups = groups == null ? List.of() : List.copyOf(groups);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
    }

    /** Nobody: tokens stay tokens. */
    public static PiiDetokenizeConfig nobody() {
        return new PiiDetokenizeConfig(false, null, null, null);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(groups.stream().noneMatch(String::isBlank), key + ".groups", "must not hold blank names");
        problems.check(scopes.stream().noneMatch(String::isBlank), key + ".scopes", "must not hold blank names");
        problems.check(clientIds.stream().noneMatch(String::isBlank), key + ".clientIds", "must not hold blank names");
        problems.check(roles.stream().noneMatch(String::isBlank), key + ".roles", "must not hold blank names");
    }
}
