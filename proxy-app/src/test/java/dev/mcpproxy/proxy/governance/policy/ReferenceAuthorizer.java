package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.Value;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The unoptimized answer: the whole policy set with every entity, attribute and context field,
 * no cache. What {@link CedarAuthorizer} must always agree with.
 */
final class ReferenceAuthorizer implements PolicyAuthorizer {
    private final CedarEvaluation cedar = new CedarEvaluation();
    private final PolicySet policies;

    ReferenceAuthorizer(PolicySet policies) {
        this.policies = policies;
        try {
            policies.cache();
        } catch (CacheException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<CedarAnswer> answer(Entity principal, Set<Entity> principalGroups, McpAction action, Entity resource,
                                        Set<Entity> resourceParents, Map<String, Value> context) {
        Set<Entity> entities = new HashSet<>(action.entities);
        entities.add(principal);
        entities.addAll(principalGroups);
        entities.add(resource);
        entities.addAll(resourceParents);
        return cedar.evaluate(policies, principal.getEUID(), action, resource.getEUID(), entities, context);
    }
}
