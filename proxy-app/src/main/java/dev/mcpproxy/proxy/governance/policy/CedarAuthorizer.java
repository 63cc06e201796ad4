package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.Value;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates requests against the loaded policy set, sending Cedar only what can change the answer
 * (each native call costs time per policy and per entity, attribute and context field):
 * <ul>
 *   <li>only the policies whose scope matches ({@link PolicySlices}); none matching is a deny
 *       with no reasons, Cedar's answer for an empty set, without calling it;</li>
 *   <li>only the attributes, tags, context paths and parents those policies read
 *       ({@link ConditionReads}); the action entity only when a condition asks {@code action in …};</li>
 *   <li>no bare entities (groups, upstreams, action groups): Cedar treats a missing entity exactly
 *       like one without attributes, parents and tags, and the ancestors that matter for
 *       {@code in} are the parents of the entities that stay;</li>
 *   <li>answers already given for exactly the same pruned request come from a {@link DecisionCache}.</li>
 * </ul>
 * The answer (decision, deciding and failing policies) is the one Cedar gives for the whole set
 * and the full request. A context beyond {@link CedarBounds} is refused before Cedar sees it.
 */
final class CedarAuthorizer implements PolicyAuthorizer {
    private static final CedarAnswer NOTHING_APPLIES = new CedarAnswer(false, List.of(), List.of());

    private final CedarEvaluation cedar = new CedarEvaluation();
    private final PolicySlices slices;
    private final DecisionCache<Request> cache;

    /** What is sent to Cedar, as a cache key. */
    private record Request(BitSet slice, EntityUID principal, EntityUID action, EntityUID resource,
                           Set<EntityState> entities, Map<String, Value> context) {
    }

    private record EntityState(EntityUID uid, Map<String, Value> attributes, Set<EntityUID> parents,
                               Map<String, Value> tags) {
        EntityState(Entity entity) {
            this(entity.getEUID(), entity.attrs, entity.getParents(), entity.getTags());
        }
    }

    CedarAuthorizer(PolicySet policies, int decisionCacheSize) {
        this.slices = new PolicySlices(policies);
        this.cache = new DecisionCache<>(decisionCacheSize);
    }

    @Override
    public Optional<CedarAnswer> answer(Entity principal, Set<Entity> principalGroups, McpAction action, Entity resource,
                                        Set<Entity> resourceParents, Map<String, Value> context) {
        Map<EntityUID, Set<EntityUID>> parents = new HashMap<>();
        for (Set<Entity> group : List.of(Set.of(principal, resource), principalGroups, action.entities, resourceParents)) {
            group.forEach(entity -> parents.put(entity.getEUID(), entity.getParents()));
        }
        PolicySlices.Slice slice = slices.of(subject(principal.getEUID(), parents), subject(action.uid, parents),
                subject(resource.getEUID(), parents));
        if (slice.policies() == null) {
            return Optional.of(NOTHING_APPLIES);
        }
        PolicyReads reads = slice.reads();
        Set<Entity> entities = new HashSet<>();
        Map<String, Value> sentContext;
        if (reads.everything) {
            entities.add(principal);
            entities.add(resource);
            entities.addAll(principalGroups);
            entities.addAll(action.entities);
            entities.addAll(resourceParents);
            sentContext = context;
        } else {
            entities.add(pruned(principal, reads.principal, reads.principalTags, reads.principalAncestors));
            entities.add(pruned(resource, reads.resource, reads.resourceTags, reads.resourceAncestors));
            keepUnlessBare(principalGroups, entities);
            if (reads.actionAncestors) {
                keepUnlessBare(action.entities, entities);
            }
            keepUnlessBare(resourceParents, entities);
            sentContext = reads.context.prune(context);
        }
        CedarBounds.check(sentContext);
        Request request = cache.enabled() ? request(slice, principal, action, resource, entities, sentContext) : null;
        CedarAnswer cached = request == null ? null : cache.get(request);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<CedarAnswer> answer = cedar.evaluate(slice.policies(), principal.getEUID(), action, resource.getEUID(),
                entities, sentContext);
        if (request != null) {
            answer.ifPresent(value -> cache.put(request, value));
        }
        return answer;
    }

    private static Request request(PolicySlices.Slice slice, Entity principal, McpAction action, Entity resource,
                                   Set<Entity> entities, Map<String, Value> context) {
        Set<EntityState> states = new HashSet<>();
        entities.forEach(entity -> states.add(new EntityState(entity)));
        return new Request(slice.members(), principal.getEUID(), action.uid, resource.getEUID(), states, context);
    }

    private static Entity pruned(Entity entity, AttributePaths paths, boolean tags, boolean ancestors) {
        return new Entity(entity.getEUID(), paths.prune(entity.attrs), ancestors ? entity.getParents() : Set.of(),
                tags ? entity.getTags() : Map.of());
    }

    private static void keepUnlessBare(Set<Entity> candidates, Set<Entity> entities) {
        for (Entity entity : candidates) {
            if (!entity.attrs.isEmpty() || !entity.getParents().isEmpty() || !entity.getTags().isEmpty()) {
                entities.add(entity);
            }
        }
    }

    /** The UID and its ancestors, as Cedar computes them from all entities of the request. */
    private static PolicyScope.Subject subject(EntityUID uid, Map<EntityUID, Set<EntityUID>> parents) {
        Set<EntityUID> ancestors = new HashSet<>();
        Deque<EntityUID> todo = new ArrayDeque<>(parents.getOrDefault(uid, Set.of()));
        while (!todo.isEmpty()) {
            EntityUID next = todo.pop();
            if (ancestors.add(next)) {
                todo.addAll(parents.getOrDefault(next, Set.of()));
            }
        }
        return new PolicyScope.Subject(uid, ancestors);
    }
}
