package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.value.Value;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Answers one authorization request of the policy stage. */
interface PolicyAuthorizer {

    /**
     * @param principalGroups the principal's group entities
     * @param resourceParents the resource's parent entities (its upstream)
     * @return Cedar's answer, or empty when Cedar could not evaluate the request
     */
    Optional<CedarAnswer> answer(Entity principal, Set<Entity> principalGroups, McpAction action, Entity resource,
                                 Set<Entity> resourceParents, Map<String, Value> context);

    /** The decision, denied when Cedar could not evaluate the request. */
    default PolicyDecision decide(Entity principal, Set<Entity> principalGroups, McpAction action, Entity resource,
                                  Set<Entity> resourceParents, Map<String, Value> context) {
        return answer(principal, principalGroups, action, resource, resourceParents, context)
                .map(answer -> answer.decision(action)).orElseGet(() -> new PolicyDecision(false, List.of()));
    }
}
