package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * Each distinct slice is kept parsed on the native side; a request never matches more than a
 * handful of distinct slices per principal, action and resource kind, and once
 * {@link #MAX_SLICES} exist, requests with a new slice use the whole set instead.
 */
final class PolicySlices {
    static final int MAX_SLICES = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Policies of a slice (null when it has none: Cedar denies with no reasons) and what they read. */
    record Slice(BitSet members, PolicySet policies, PolicyReads reads) {
    }

    private final List<Policy> policies;
    private final List<PolicyScope> scopes;
    private final List<PolicyReads> reads;
    private final Slice whole;
    private final Map<BitSet, Slice> slices = new ConcurrentHashMap<>();

    PolicySlices(PolicySet policySet) {
        this.policies = List.copyOf(policySet.policies);
        this.scopes = policies.stream().map(PolicySlices::scope).toList();
        this.reads = policies.stream().map(PolicySlices::reads).toList();
        BitSet all = new BitSet();
        all.set(0, policies.size());
        this.whole = slice(all);
    }

    /** The slice of policies whose scope matches (whole set's slice when too many slices exist). */
    Slice of(PolicyScope.Subject principal, PolicyScope.Subject action, PolicyScope.Subject resource) {
        BitSet members = new BitSet(policies.size());
        for (int i = 0; i < policies.size(); i++) {
            if (scopes.get(i).matches(principal, action, resource)) {
                members.set(i);
            }
        }
        Slice slice = slices.get(members);
        if (slice != null) {
            return slice;
        }
        if (members.equals(whole.members()) || slices.size() >= MAX_SLICES) {
            return whole;
        }
        return slices.computeIfAbsent(members, this::slice);
    }

    private Slice slice(BitSet members) {
        PolicyReads sliceReads = new PolicyReads();
        Set<Policy> selected = new LinkedHashSet<>();
        members.stream().forEach(i -> {
            selected.add(policies.get(i));
            sliceReads.addAll(reads.get(i));
        });
        if (selected.isEmpty()) {
            return new Slice(members, null, sliceReads);
        }
        PolicySet set = new PolicySet(selected);
        try {
            set.cache();
        } catch (CacheException e) {
            throw new IllegalStateException("Cedar could not keep the policies ready: " + e.getMessage(), e);
        }
        return new Slice(members, set, sliceReads);
    }

    private static PolicyScope scope(Policy policy) {
        try {
            return PolicyScope.of(JSON.readTree(policy.toJson()));
        } catch (InternalException | JsonProcessingException e) {
            return PolicyScope.ANY;
        }
    }

    private static PolicyReads reads(Policy policy) {
        try {
            return ConditionReads.of(JSON.readTree(policy.toJson()));
        } catch (InternalException | JsonProcessingException e) {
            PolicyReads everything = new PolicyReads();
            everything.everything = true;
            return everything;
        }
    }
}
