package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.Value;
import dev.mcpproxy.proxy.config.ConfigProblems;
import dev.mcpproxy.proxy.identity.Principal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionCacheTest {
    private static final CedarAnswer ALLOW = new CedarAnswer(true, List.of("p"), List.of());
    private static final CedarAnswer DENY = new CedarAnswer(false, List.of(), List.of());

    @Test
    void keepsTheMostRecentlyUsedDecisionsUpToItsSize() {
        DecisionCache<String> cache = new DecisionCache<>(2);
        cache.put("a", ALLOW);
        cache.put("b", DENY);
        assertThat(cache.get("a")).isSameAs(ALLOW);
        cache.put("c", DENY);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).as("least recently used").isNull();
        assertThat(cache.get("a")).isSameAs(ALLOW);
        assertThat(cache.get("c")).isSameAs(DENY);
    }

    @Test
    void sizeZeroKeepsNothing() {
        DecisionCache<String> cache = new DecisionCache<>(0);
        cache.put("a", ALLOW);
        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get("a")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theAuthorizerAnswersARepeatedRequestFromItsCacheUnlessDisabled() throws Exception {
        PolicySet policies = PolicySet.parsePolicies("""
                @id("small") permit (principal, action, resource) when { context.arguments.amount < 10 };
                """);
        Principal who = new Principal("alice", "web-app", Set.of(), Set.of("staff"), Map.of(), false);
        Entity tool = McpEntities.tool("svc__t", "svc", "t", null);
        Map<String, Value> five = Map.of("arguments", new CedarMap(Map.of("amount", new PrimLong(5))));
        Map<String, Value> fiftyAt = Map.of("arguments", new CedarMap(Map.of("amount", new PrimLong(50))),
                "time", new PrimLong(1));
        Map<String, Value> fiveAt = Map.of("arguments", new CedarMap(Map.of("amount", new PrimLong(5))),
                "time", new PrimLong(2));

        CedarAuthorizer cached = new CedarAuthorizer(policies, 10);
        CedarAnswer first = answer(cached, who, tool, five);
        assertThat(answer(cached, who, tool, five)).isSameAs(first);
        assertThat(answer(cached, who, tool, fiveAt)).as("what no policy reads is not part of the key").isSameAs(first);
        assertThat(answer(cached, who, tool, fiftyAt).allowed()).isFalse();

        CedarAuthorizer uncached = new CedarAuthorizer(policies, 0);
        CedarAnswer again = answer(uncached, who, tool, five);
        assertThat(answer(uncached, who, tool, five)).isEqualTo(again).isNotSameAs(again);
    }

    private static CedarAnswer answer(CedarAuthorizer authorizer, Principal who, Entity tool, Map<String, Value> context) {
        return authorizer.answer(McpEntities.principal(who), McpEntities.groups(who), McpAction.CALL_TOOL, tool,
                Set.of(McpEntities.upstream("svc")), context).orElseThrow();
    }

    @Test
    void aNegativeSizeIsAConfigurationProblemNamingTheKey() {
        ConfigProblems problems = new ConfigProblems();
        new PolicyConfig(true, List.of("p.cedar"), "s.cedarschema", null, null, -1).validate("policy", problems);
        assertThatThrownBy(problems::throwIfAny).hasMessageContaining("policy.decisionCacheSize");
        assertThat(new PolicyConfig(true, List.of("p.cedar"), "s", null, null).decisionCacheSize()).isEqualTo(10_000);
    }
}
