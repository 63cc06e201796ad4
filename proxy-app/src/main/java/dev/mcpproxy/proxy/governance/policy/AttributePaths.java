package dev.mcpproxy.proxy.governance.policy;

import com.cedarpolicy.value.CedarMap;
import com.cedarpolicy.value.Value;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute paths policies read from one record (an entity's attributes or the context), as
 * a tree: {@code context.time.hourUtc} and {@code context.arguments} give
 * {@code time → hourUtc} and {@code arguments (whole)}. Pruning a record to these paths keeps
 * everything the policies can observe: every value they read, with the same presence and type.
 */
final class AttributePaths {
    private boolean whole;
    private final Map<String, AttributePaths> children = new HashMap<>();

    static AttributePaths whole() {
        AttributePaths paths = new AttributePaths();
        paths.whole = true;
        return paths;
    }

    boolean isWhole() {
        return whole;
    }

    /** Reads the value at this path as a whole (an empty path: the whole record). */
    void add(List<String> path) {
        AttributePaths node = this;
        for (String attribute : path) {
            if (node.whole) {
                return;
            }
            node = node.children.computeIfAbsent(attribute, name -> new AttributePaths());
        }
        node.whole = true;
        node.children.clear();
    }

    void addAll(AttributePaths other) {
        if (whole) {
            return;
        }
        if (other.whole) {
            whole = true;
            children.clear();
            return;
        }
        other.children.forEach((name, paths) -> children.computeIfAbsent(name, n -> new AttributePaths()).addAll(paths));
    }

    /**
     * The record reduced to the read paths. A value that is not a record where the path goes on
     * stays whole, so that reading through it fails the same way.
     */
    Map<String, Value> prune(Map<String, Value> record) {
        if (whole) {
            return record;
        }
        Map<String, Value> pruned = new HashMap<>();
        children.forEach((name, paths) -> {
            Value value = record.get(name);
            if (value != null) {
                pruned.put(name, !paths.whole && value instanceof CedarMap nested ? new CedarMap(paths.prune(nested)) : value);
            }
        });
        return pruned;
    }
}
