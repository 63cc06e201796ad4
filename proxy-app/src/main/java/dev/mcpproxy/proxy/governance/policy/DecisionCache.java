package dev.mcpproxy.proxy.governance.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently used decisions, keyed on exactly what Cedar would be sent (so a hit returns
 * what Cedar would answer). Bounded: the least recently used entry goes first. A size of 0
 * disables it. One lock: a lookup costs well under a microsecond, a Cedar call tens.
 */
final class DecisionCache<K> {
    private final int size;
    private final Map<K, CedarAnswer> decisions;

    DecisionCache(int size) {
        this.size = size;
        this.decisions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, CedarAnswer> eldest) {
                return size() > DecisionCache.this.size;
            }
        };
    }

    boolean enabled() {
        return size > 0;
    }

    /** The cached decision, or null. */
    synchronized CedarAnswer get(K key) {
        return decisions.get(key);
    }

    synchronized void put(K key, CedarAnswer decision) {
        if (size > 0) {
            decisions.put(key, decision);
        }
    }

    synchronized int size() {
        return decisions.size();
    }
}
