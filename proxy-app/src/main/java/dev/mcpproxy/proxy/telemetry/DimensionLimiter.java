package dev.mcpproxy.proxy.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every dimension to a bounded set of values: the first {@code maxValues} distinct values of a
 * dimension are kept for the life of the process, later ones become {@value #OTHER}. Each distinct
 * value is a separate CloudWatch metric (and a separate bill line).
 */
final class DimensionLimiter {
    static final String OTHER = "other";

    private final int maxValues;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    DimensionLimiter(int maxValues) {
        this.maxValues = maxValues;
    }

    Dimensions bound(Dimensions dimensions) {
        Map<String, String> bounded = null;
        for (Map.Entry<String, String> entry : dimensions.values().entrySet()) {
            String value = boundedValue(entry.getKey(), entry.getValue());
            if (!value.equals(entry.getValue())) {
                if (bounded == null) {
                    bounded = new LinkedHashMap<>(dimensions.values());
                }
                bounded.put(entry.getKey(), value);
            }
        }
        return bounded == null ? dimensions : new Dimensions(bounded);
    }

    private String boundedValue(String dimension, String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        Set<String> values = seen.computeIfAbsent(dimension, d -> ConcurrentHashMap.newKeySet());
        if (values.contains(value)) {
            return value;
        }
        synchronized (values) {
            if (values.size() < maxValues) {
                values.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
