package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpproxy.proxy.jsonrpc.JsonMappers;

import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cuts the policy set down to the policies whose scope can match a request. Cedar's cost grows
 * with the number of policies it evaluates, and a policy whose scope does not match contributes
 * nothing (no permit, no forbid, no error), so the slice decides exactly like the whole set.
 * Since the scopes of a slice's policies are known to match, Cedar gets them with the scope
 * replaced by {@code (principal, action, resource)}: the same answer, and the ancestors of
 * principal, action and resource need only be sent when a condition uses them.
 * Each distinct slice is kept parsed on the native side; a request never matches more than a
 * handful of distinct slices per principal, action and resource kind, and once about
 * {@link #MAX_SLICES} exist, requests with a new slice use the whole set instead.
 */
final class PolicySlices {
    static final int MAX_SLICES = 256;
    private static final ObjectMapper JSON = JsonMappers.create();

    /** Policies of a slice (null when it has none: Cedar denies with no reasons) and what they read. */
    record Slice(BitSet members, PolicySet policies, PolicyReads reads) {
    }

    /**
     * One policy: as written, its scope ({@link PolicyScope#ANY} when not understood), the same
     * policy with an unconstrained scope (null when the scope is not understood), and what its
     * conditions read.
     */
    private record Entry(Policy policy, PolicyScope scope, Policy conditionsOnly, PolicyReads reads) {
    }

    private final List<Entry> entries;
    private final Slice whole;
    private final Map<BitSet, Slice> slices = new ConcurrentHashMap<>();

    PolicySlices(PolicySet policySet) {
        this.entries = policySet.policies.stream().map(PolicySlices::entry).toList();
        BitSet all = new BitSet();
        all.set(0, entries.size());
        PolicyReads reads = new PolicyReads();
        entries.forEach(entry -> reads.addAll(entry.reads()));
        reads.allAncestors();
        this.whole = new Slice(all, cached(new PolicySet(policySet.policies)), reads);
    }

    /** The slice of policies whose scope matches (the whole set when too many slices exist). */
    Slice of(PolicyScope.Subject principal, PolicyScope.Subject action, PolicyScope.Subject resource) {
        BitSet members = new BitSet(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).scope().matches(principal, action, resource)) {
                members.set(i);
            }
        }
        Slice slice = slices.get(members);
        if (slice != null) {
            return slice;
        }
        return slices.size() >= MAX_SLICES ? whole : slices.computeIfAbsent(members, this::slice);
    }

    private Slice slice(BitSet members) {
        PolicyReads reads = new PolicyReads();
        Set<Policy> selected = new LinkedHashSet<>();
        members.stream().mapToObj(entries::get).forEach(entry -> {
            reads.addAll(entry.reads());
            if (entry.conditionsOnly() != null) {
                selected.add(entry.conditionsOnly());
            } else {
                // Cedar checks this scope itself, and may need any ancestor for it
                selected.add(entry.policy());
                reads.allAncestors();
            }
        });
        return new Slice(members, selected.isEmpty() ? null : cached(new PolicySet(selected)), reads);
    }

    private static PolicySet cached(PolicySet set) {
        try {
            set.cache();
        } catch (CacheException e) {
            throw new IllegalStateException("Cedar could not keep the policies ready: " + e.getMessage(), e);
        }
        return set;
    }

    private static Entry entry(Policy policy) {
        try {
            JsonNode json = JSON.readTree(policy.toJson());
            PolicyScope scope = PolicyScope.of(json);
            Policy conditionsOnly = null;
            if (scope != null) {
                ObjectNode unscoped = ((ObjectNode) json).deepCopy();
                unscoped.set("principal", unscoped.objectNode().put("op", "All"));
                unscoped.set("action", unscoped.objectNode().put("op", "All"));
                unscoped.set("resource", unscoped.objectNode().put("op", "All"));
                conditionsOnly = Policy.fromJson(policy.policyID, JSON.writeValueAsString(unscoped));
            }
            return new Entry(policy, scope == null ? PolicyScope.ANY : scope, conditionsOnly, ConditionReads.of(json));
        } catch (InternalException | JsonProcessingException | ClassCastException e) {
            PolicyReads everything = new PolicyReads();
            everything.everything = true;
            return new Entry(policy, PolicyScope.ANY, null, everything);
        }
    }
}
