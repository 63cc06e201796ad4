package dev.mcpproxy.proxy.governance.policy;

import java.util.List;

/**
 * Cedar's answer for one request.
 *
 * @param allowed   permitted, and no policy failed to evaluate
 * @param policyIds the deciding policies: permits when allowed; forbids, or those that failed, when
 *                  denied (empty when nothing permitted it)
 */
record PolicyDecision(boolean allowed, List<String> policyIds) {

    PolicyDecision and(PolicyDecision other) {
        if (allowed == other.allowed) {
            return new PolicyDecision(allowed, union(policyIds, other.policyIds));
        }
        return new PolicyDecision(false, allowed ? other.policyIds : policyIds);
    }

    private static List<String> union(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).distinct().sorted().toList();
    }
}
