package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.Value;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What Cedar does that {@link CedarAuthorizer}'s optimizations rely on, checked against Cedar itself. */
class CedarSemanticsTest {
    private final CedarEvaluation cedar = new CedarEvaluation();
    private final Entity principal = new Entity(McpEntities.USER.of("alice"), new HashMap<>(),
            Set.of(McpEntities.GROUP.of("staff")));
    private final Entity tool = new Entity(McpEntities.TOOL.of("svc__t"), new HashMap<>(),
            Set.of(McpEntities.UPSTREAM.of("svc")));
    private final Entity action = new Entity(McpAction.CALL_TOOL.uid, Set.of(McpEntities.ACTION.of("useTool")));

    /** Evaluates policies given one per line, each named by its {@code @id}. */
    private Optional<CedarAnswer> evaluate(String policies, Set<Entity> entities, Map<String, Value> context) {
        Set<Policy> set = new LinkedHashSet<>();
        policies.lines().filter(line -> !line.isBlank()).forEach(line ->
                set.add(new Policy(line, line.substring(line.indexOf('"') + 1, line.indexOf("\")")))));
        return cedar.evaluate(new PolicySet(set), principal.getEUID(), McpAction.CALL_TOOL, tool.getEUID(), entities,
                context);
    }

    @Test
    void anEmptyPolicySetDeniesWithNoReasonsAndNoErrors() {
        assertThat(evaluate("", Set.of(principal, tool, action), Map.of()))
                .contains(new CedarAnswer(false, List.of(), List.of()));
    }

    @Test
    void aPolicyWhoseScopeDoesNotMatchContributesNothingNotEvenItsErrors() {
        String failing = "@id(\"other\") forbid (principal in Mcp::Group::\"admins\", action, resource) "
                + "when { context.missing.attribute };\n";
        String matching = "@id(\"grant\") permit (principal in Mcp::Group::\"staff\", action, resource);\n";
        String erroring = "@id(\"fails\") forbid (principal, action, resource) when { context.missing.attribute };\n";
        Set<Entity> entities = Set.of(principal, tool, action);
        assertThat(evaluate(failing + matching, entities, Map.of())).isEqualTo(evaluate(matching, entities, Map.of()));
        assertThat(evaluate(matching + erroring, entities, Map.of()).orElseThrow().errors())
                .as("the same condition fails when the scope matches").containsExactly("fails");
    }

    @Test
    void parentsCountForInWithoutTheirEntities() {
        String policies = "@id(\"g\") permit (principal, action, resource) when { principal in Mcp::Group::\"staff\" "
                + "&& resource in Mcp::Upstream::\"svc\" && action in Mcp::Action::\"useTool\" };\n";
        Set<Entity> bareParents = Set.of(principal, tool, action, new Entity(McpEntities.GROUP.of("staff")),
                new Entity(McpEntities.UPSTREAM.of("svc")), new Entity(McpEntities.ACTION.of("useTool")));
        assertThat(evaluate(policies, Set.of(principal, tool, action), Map.of()))
                .isEqualTo(evaluate(policies, bareParents, Map.of()))
                .contains(new CedarAnswer(true, List.of("g"), List.of()));
    }

    @Test
    void aMissingEntityAnswersLikeABareOne() {
        String policies = """
                @id("has") permit (principal, action, resource) when { Mcp::Group::"staff" has name };
                @id("tag") permit (principal, action, resource) when { Mcp::Group::"staff".hasTag("t") };
                @id("attr") forbid (principal, action, resource) when { Mcp::Group::"staff".name == "x" };
                @id("getTag") forbid (principal, action, resource) when { Mcp::Group::"staff".getTag("t") == "x" };
                @id("in") permit (principal, action, resource) when { Mcp::Group::"staff" in Mcp::Group::"all" };
                """;
        Set<Entity> withBare = Set.of(principal, tool, action, new Entity(McpEntities.GROUP.of("staff")));
        Optional<CedarAnswer> missing = evaluate(policies, Set.of(principal, tool, action), Map.of());
        assertThat(missing).isEqualTo(evaluate(policies, withBare, Map.of()))
                .contains(new CedarAnswer(false, List.of(), List.of("attr", "getTag")));
    }

    @Test
    void readingThroughAPrunedRecordFailsOrSucceedsLikeTheFullOne() {
        String policies = "@id(\"n\") forbid (principal, action, resource) when { context.arguments.amount > 3 };";
        Map<String, Value> full = Map.of("arguments", new CedarMap(Map.of("amount", new PrimLong(5),
                "other", new PrimLong(1))), "time", new CedarMap(Map.of("hourUtc", new PrimLong(1))));
        Map<String, Value> pruned = Map.of("arguments", new CedarMap(Map.of("amount", new PrimLong(5))));
        Set<Entity> entities = Set.of(principal, tool, action);
        assertThat(evaluate(policies, entities, full)).isEqualTo(evaluate(policies, entities, pruned));
        assertThat(evaluate(policies, entities, Map.of("arguments", new CedarMap())))
                .isEqualTo(evaluate(policies, entities, Map.of("arguments", new CedarMap(Map.of("other", new PrimLong(1))))));
    }
}
