package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.EntityUID;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyScopeTest {
    private static final PolicyScope.Subject ALICE = new PolicyScope.Subject(McpEntities.USER.of("alice"),
            Set.of(McpEntities.GROUP.of("staff")));
    private static final PolicyScope.Subject MACHINE = new PolicyScope.Subject(McpEntities.CLIENT.of("batch"), Set.of());
    private static final PolicyScope.Subject CALL = subject(McpAction.CALL_TOOL);
    private static final PolicyScope.Subject LIST = subject(McpAction.LIST_TOOL);
    private static final PolicyScope.Subject READ = subject(McpAction.READ_RESOURCE);
    private static final PolicyScope.Subject TOOL = new PolicyScope.Subject(McpEntities.TOOL.of("svc__t"),
            Set.of(McpEntities.UPSTREAM.of("svc")));
    private static final PolicyScope.Subject PROMPT = new PolicyScope.Subject(McpEntities.PROMPT.of("svc__p"),
            Set.of(McpEntities.UPSTREAM.of("svc")));

    private static PolicyScope.Subject subject(McpAction action) {
        EntityUID group = action.entities.stream().filter(entity -> !entity.getEUID().equals(action.uid))
                .findFirst().orElseThrow().getEUID();
        return new PolicyScope.Subject(action.uid, Set.of(group));
    }

    private static PolicyScope scope(String policy) throws Exception {
        return PolicyScope.of(new ObjectMapper().readTree(Policy.parseStaticPolicy(policy).toJson()));
    }

    @Test
    void anyScopeMatchesEverything() throws Exception {
        PolicyScope scope = scope("permit (principal, action, resource);");
        assertThat(scope.matches(ALICE, CALL, TOOL)).isTrue();
        assertThat(scope.matches(MACHINE, READ, PROMPT)).isTrue();
    }

    @Test
    void inMatchesTheEntityAndItsDescendants() throws Exception {
        PolicyScope scope = scope("permit (principal in Mcp::Group::\"staff\", action in Mcp::Action::\"useTool\", "
                + "resource in Mcp::Upstream::\"svc\");");
        assertThat(scope.matches(ALICE, CALL, TOOL)).isTrue();
        assertThat(scope.matches(ALICE, LIST, PROMPT)).isTrue();
        assertThat(scope.matches(MACHINE, CALL, TOOL)).isFalse();
        assertThat(scope.matches(ALICE, READ, TOOL)).isFalse();
        assertThat(scope("permit (principal in Mcp::User::\"alice\", action, resource);").matches(ALICE, CALL, TOOL))
                .isTrue();
    }

    @Test
    void equalsMatchesOnlyTheEntity() throws Exception {
        PolicyScope scope = scope("permit (principal == Mcp::User::\"alice\", action == Mcp::Action::\"callTool\", "
                + "resource == Mcp::Tool::\"svc__t\");");
        assertThat(scope.matches(ALICE, CALL, TOOL)).isTrue();
        assertThat(scope.matches(ALICE, LIST, TOOL)).isFalse();
        assertThat(scope("permit (principal == Mcp::Group::\"staff\", action, resource);").matches(ALICE, CALL, TOOL))
                .as("== does not follow parents").isFalse();
        assertThat(scope("permit (principal, action == Mcp::Action::\"useTool\", resource);").matches(ALICE, CALL, TOOL))
                .isFalse();
    }

    @Test
    void actionListMatchesAnyOfItsEntries() throws Exception {
        PolicyScope scope = scope("permit (principal, action in [Mcp::Action::\"listTool\", Mcp::Action::\"useResource\"], "
                + "resource);");
        assertThat(scope.matches(ALICE, LIST, TOOL)).isTrue();
        assertThat(scope.matches(ALICE, READ, TOOL)).isTrue();
        assertThat(scope.matches(ALICE, CALL, TOOL)).isFalse();
    }

    @Test
    void isChecksTheTypeAndOptionallyAnAncestor() throws Exception {
        assertThat(scope("permit (principal is Mcp::Client, action, resource);").matches(MACHINE, CALL, TOOL)).isTrue();
        assertThat(scope("permit (principal is Mcp::Client, action, resource);").matches(ALICE, CALL, TOOL)).isFalse();
        PolicyScope scope = scope("permit (principal is Mcp::User in Mcp::Group::\"staff\", action, "
                + "resource is Mcp::Tool in Mcp::Upstream::\"svc\");");
        assertThat(scope.matches(ALICE, CALL, TOOL)).isTrue();
        assertThat(scope.matches(ALICE, CALL, PROMPT)).isFalse();
        assertThat(scope.matches(new PolicyScope.Subject(McpEntities.USER.of("bob"), Set.of()), CALL, TOOL)).isFalse();
    }

    @Test
    void aScopeThatIsNotUnderstoodIsLeftToCedar() throws Exception {
        PolicyScope template = PolicyScope.of(new ObjectMapper().readTree("""
                {"effect": "permit", "principal": {"op": "==", "slot": "?principal"}, "action": {"op": "All"},
                 "resource": {"op": "in", "slot": "?resource"}, "conditions": []}"""));
        assertThat(template).isNull();
        assertThat(PolicyScope.of(new ObjectMapper().readTree("{\"principal\":{\"op\":\"new\"}}"))).isNull();
    }
}
