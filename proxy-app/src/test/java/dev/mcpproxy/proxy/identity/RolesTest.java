package dev.mcpproxy.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpproxy.proxy.ConfigLoader;
import dev.mcpproxy.proxy.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code identity.roles}: roles from what a token carries, and a mapping that names only what tokens can carry. */
class RolesTest {
    private static final Map<String, RoleRule> ROLES = Map.of(
            "caller", new RoleRule(List.of("mcp-proxy/invoke"), null, null),
            "admin", new RoleRule(List.of("mcp-proxy/admin"), null, List.of("tool-admins")),
            "reporter", new RoleRule(null, List.of("reporting-client"), null));
    private final TokenPrincipalMapper mapper = new TokenPrincipalMapper("cognito:groups", List.of(), ROLES);

    @Test
    void aMachineClientsRolesComeFromItsScopesAndClientId() {
        Principal agent = mapper.principal(new JWTClaimsSet.Builder().subject("agent-1").claim("client_id", "agent-1")
                .claim("scope", "mcp-proxy/invoke").build());
        Principal operator = mapper.principal(new JWTClaimsSet.Builder().subject("op-1").claim("client_id", "op-1")
                .claim("scope", "mcp-proxy/invoke mcp-proxy/admin").build());
        Principal reporter = mapper.principal(new JWTClaimsSet.Builder().subject("reporting-client")
                .claim("client_id", "reporting-client").claim("scope", "mcp-proxy/invoke").build());

        assertThat(agent.roles()).containsExactly("caller");
        assertThat(operator.roles()).containsExactlyInAnyOrder("caller", "admin");
        assertThat(reporter.roles()).containsExactlyInAnyOrder("caller", "reporter");
    }

    @Test
    void aUsersGroupsStillConferRoles() {
        Principal user = mapper.principal(new JWTClaimsSet.Builder().subject("alice").claim("client_id", "web-app")
                .claim("cognito:groups", List.of("tool-admins")).build());
        assertThat(user.groups()).containsExactly("tool-admins");
        assertThat(user.roles()).containsExactly("admin");
    }

    @Test
    void aMappingMustNameSomethingAnAcceptedTokenCarries() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        assertThatThrownBy(loader.parse("""
                identity:
                  mode: jwt
                  discoveryUrl: https://idp.example.com/.well-known/openid-configuration
                  clientIds: [agent-1]
                  roles:
                    nothing: {}
                    reporter:
                      clientIds: [someone-else]
                    "9lives":
                      scopes: [x]
                pii:
                  detokenize:
                    roles: [auditor]
                """, "t.yaml")::validate)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("identity.roles.nothing: list at least one of scopes, clientIds or groups")
                .hasMessageContaining("identity.roles.reporter.clientIds[0]: 'someone-else' is not in identity.clientIds")
                .hasMessageContaining("identity.roles.9lives: a role name starts with a letter")
                .hasMessageContaining("pii.detokenize.roles: 'auditor' is not a role of identity.roles");
    }
}
