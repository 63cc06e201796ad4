package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What conditions read ({@link ConditionReads}) and how records are pruned to it ({@link AttributePaths}). */
class ConditionReadsTest {
    private static final Map<String, Value> CONTEXT = Map.of(
            "time", new CedarMap(Map.of("hourUtc", new PrimLong(3), "epochSeconds", new PrimLong(1_800_000_000L))),
            "method", new PrimString("tools/call"),
            "arguments", new CedarMap(Map.of("amount", new PrimLong(5), "note", new PrimString("x"),
                    "nested", new CedarMap(Map.of("a", new CedarMap(Map.of("b", new PrimLong(1), "c", new PrimLong(2))))))));
    private static final Map<String, Value> TOOL = Map.of("readOnly", new PrimBool(true), "name", new PrimString("t"),
            "destructive", new PrimBool(false));

    private static PolicyReads reads(String condition) throws Exception {
        return ConditionReads.of(new ObjectMapper().readTree(
                Policy.parseStaticPolicy("permit (principal, action, resource) when { " + condition + " };").toJson()));
    }

    @Test
    void attributeChainsReadTheirPaths() throws Exception {
        PolicyReads reads = reads("context.time.hourUtc < 2 && resource.readOnly && principal.scopes.contains(\"x\")");
        assertThat(reads.everything).isFalse();
        assertThat(reads.context.prune(CONTEXT)).isEqualTo(Map.of("time", new CedarMap(Map.of("hourUtc", new PrimLong(3)))));
        assertThat(reads.resource.prune(TOOL)).isEqualTo(Map.of("readOnly", new PrimBool(true)));
        assertThat(reads.principal.prune(Map.of("scopes", new PrimString("s"), "clientId", new PrimString("c"))))
                .containsOnlyKeys("scopes");
        assertThat(reads.principalTags).isFalse();
    }

    @Test
    void hasChecksReadThePathTheyTest() throws Exception {
        PolicyReads reads = reads("context.arguments has nested.a && context.arguments.nested.a.b > 3");
        assertThat(reads.context.prune(CONTEXT)).isEqualTo(Map.of("arguments", new CedarMap(Map.of("nested",
                new CedarMap(Map.of("a", new CedarMap(Map.of("b", new PrimLong(1), "c", new PrimLong(2)))))))));
        assertThat(reads("context.arguments has missing").context.prune(CONTEXT))
                .as("an absent value stays absent").isEqualTo(Map.of("arguments", new CedarMap()));
    }

    @Test
    void aPathEndingOnARecordOrTheWholeContextKeepsTheWholeValue() throws Exception {
        assertThat(reads("context.arguments == {}").context.prune(CONTEXT)).isEqualTo(Map.of("arguments",
                CONTEXT.get("arguments")));
        assertThat(reads("context == {}").context.prune(CONTEXT)).isEqualTo(CONTEXT);
        assertThat(reads("(if true then context else {}) == {}").context.isWhole()).isTrue();
    }

    @Test
    void aPathGoingThroughSomethingElseThanARecordKeepsThatValue() throws Exception {
        assertThat(reads("context.method.length > 1").context.prune(CONTEXT))
                .isEqualTo(Map.of("method", new PrimString("tools/call")));
    }

    @Test
    void entitiesUsedAsAWholeNeedNoAttributes() throws Exception {
        PolicyReads reads = reads("principal in resource && resource is Mcp::Tool && principal == Mcp::User::\"x\"");
        assertThat(reads.everything).isFalse();
        assertThat(reads.principal.prune(Map.of("scopes", new PrimString("s")))).isEmpty();
        assertThat(reads.resource.prune(TOOL)).isEmpty();
        assertThat(reads.context.prune(CONTEXT)).isEmpty();
    }

    @Test
    void anEntityNamedInThePolicyMayBeThePrincipalOrTheResource() throws Exception {
        PolicyReads reads = reads("Mcp::User::\"alice\".scopes.contains(\"x\") && Mcp::Group::\"g\".hasTag(\"t\")");
        assertThat(reads.everything).isFalse();
        assertThat(reads.principal.prune(Map.of("scopes", new PrimString("s"), "clientId", new PrimString("c"))))
                .containsOnlyKeys("scopes");
        assertThat(reads.resource.prune(Map.of("scopes", new PrimString("s"), "name", new PrimString("c"))))
                .containsOnlyKeys("scopes");
        assertThat(reads.principalTags).isTrue();
        assertThat(reads.resourceTags).isTrue();
    }

    @Test
    void ancestorsMatterOnTheLeftOfIn() throws Exception {
        PolicyReads reads = reads("principal in Mcp::Group::\"admins\" && resource is Mcp::Tool in Mcp::Upstream::\"a\"");
        assertThat(reads.principalAncestors).isTrue();
        assertThat(reads.resourceAncestors).isTrue();
        assertThat(reads.actionAncestors).isFalse();
        PolicyReads none = reads("resource.readOnly && Mcp::Group::\"x\" == principal && [resource].contains(resource)");
        assertThat(none.principalAncestors || none.actionAncestors || none.resourceAncestors).isFalse();
        PolicyReads literal = reads("Mcp::User::\"alice\" in Mcp::Group::\"admins\"");
        assertThat(literal.principalAncestors && literal.actionAncestors && literal.resourceAncestors)
                .as("a literal on the left may be the principal or the resource").isTrue();
    }

    @Test
    void tagsAreReadThroughHasTagAndGetTag() throws Exception {
        assertThat(reads("principal.hasTag(\"email\")").principalTags).isTrue();
        assertThat(reads("principal.getTag(\"email\") == \"x\"").principalTags).isTrue();
        assertThat(reads("resource.hasTag(\"x\")").resourceTags).isTrue();
    }

    @Test
    void shapesThatCouldReachRequestDataOtherwiseReadEverything() throws Exception {
        assertThat(reads("(if context.time.hourUtc < 12 then principal else resource) has scopes").everything).isTrue();
        assertThat(reads("(if true then principal else resource).hasTag(\"x\")").everything).isTrue();
        assertThat(reads("(if true then context else {}) has method").everything).isTrue();
        assertThat(reads("context.arguments.price.greaterThan(decimal(\"1.5\"))").context.prune(CONTEXT))
                .isEqualTo(Map.of("arguments", new CedarMap()));
    }
}
