package dev.mcpproxy.proxy.telemetry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the governance stages found in one request that its metrics count, handed over typed so
 * that telemetry never reads audit fields: the policies that denied it and the personal data
 * detected in it. Stages report from the request's thread and from relayed messages, hence the locking.
 */
public final class RequestFacts {
    private List<String> denyingPolicies = List.of();
    private Map<String, Integer> inboundPii = Map.of();
    private Map<String, Integer> outboundPii = Map.of();

    /** The policies that denied the request (an enforced denial, not a shadow one). */
    public synchronized void deniedBy(List<String> policyIds) {
        denyingPolicies = List.copyOf(policyIds);
    }

    /**
     * Detections so far by PII type, in data the caller sent and in data the upstream sent; each
     * report replaces the previous one (the stage reports running totals).
     */
    public synchronized void piiDetected(Map<String, Integer> inbound, Map<String, Integer> outbound) {
        inboundPii = new TreeMap<>(inbound);
        outboundPii = new TreeMap<>(outbound);
    }

    synchronized List<String> denyingPolicies() {
        return denyingPolicies;
    }

    synchronized Map<String, Integer> inboundPii() {
        return inboundPii;
    }

    synchronized Map<String, Integer> outboundPii() {
        return outboundPii;
    }
}
