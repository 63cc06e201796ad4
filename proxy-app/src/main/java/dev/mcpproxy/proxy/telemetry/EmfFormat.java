package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format documents: the {@code _aws} metadata (Timestamp and one
 * metric directive naming the namespace, the dimension sets and each metric's unit) followed by the
 * dimension values and metric values as top-level members. Each metric is published twice: with
 * all its dimensions and with only the fixed ones, so totals need no metric math.
 */
final class EmfFormat {
    /** EMF allows at most 100 values per metric in one document. */
    static final int MAX_VALUES_PER_METRIC = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final Map<String, String> fixedDimensions;

    EmfFormat(String namespace, Map<String, String> fixedDimensions) {
        this.namespace = namespace;
        this.fixedDimensions = Map.copyOf(fixedDimensions);
    }

    record Metric(String name, Unit unit, double[] values) {
    }

    /** One document per {@value #MAX_VALUES_PER_METRIC} values of the metric with the most samples. */
    List<String> lines(long timestamp, Dimensions dimensions, List<Metric> metrics) {
        int documents = 0;
        for (Metric metric : metrics) {
            documents = Math.max(documents, (metric.values().length + MAX_VALUES_PER_METRIC - 1) / MAX_VALUES_PER_METRIC);
        }
        List<String> lines = new ArrayList<>(documents);
        for (int document = 0; document < documents; document++) {
            lines.add(document(timestamp, dimensions, metrics, document));
        }
        return lines;
    }

    private String document(long timestamp, Dimensions dimensions, List<Metric> metrics, int index) {
        Map<String, String> allDimensions = new LinkedHashMap<>(fixedDimensions);
        allDimensions.putAll(dimensions.values());

        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        ArrayNode full = dimensionSets.addArray();
        allDimensions.keySet().forEach(full::add);
        if (!dimensions.values().isEmpty()) {
            ArrayNode fixed = dimensionSets.addArray();
            fixedDimensions.keySet().forEach(fixed::add);
        }
        ArrayNode definitions = directive.putArray("Metrics");
        allDimensions.forEach(root::put);
        for (Metric metric : metrics) {
            int from = index * MAX_VALUES_PER_METRIC;
            int to = Math.min(metric.values().length, from + MAX_VALUES_PER_METRIC);
            if (from >= to) {
                continue;
            }
            definitions.addObject().put("Name", metric.name()).put("Unit", metric.unit().cloudWatchName());
            if (to - from == 1) {
                root.set(metric.name(), number(metric.values()[from]));
            } else {
                ArrayNode values = root.putArray(metric.name());
                for (int i = from; i < to; i++) {
                    values.add(number(metric.values()[i]));
                }
            }
        }
        return root.toString();
    }

    /** Whole numbers as integers, others to the microsecond for milliseconds: short lines. */
    private static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return JSON.getNodeFactory().numberNode((long) value);
        }
        return JSON.getNodeFactory().numberNode(Math.round(value * 1000) / 1000.0);
    }
}
