package dev.mcpproxy.proxy.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of the CloudWatch Embedded Metric Format specification ("Specification: Embedded
 * metric format", CloudWatch User Guide) as a checker: returns every violation of one document.
 */
final class EmfSpecification {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    private EmfSpecification() {
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(String line) {
        List<String> problems = new ArrayList<>();
        if (line.contains("\n")) {
            problems.add("a log event is one line");
        }
        JsonNode root = parse(line);
        if (!root.isObject()) {
            return List.of("root node must be a JSON object");
        }
        JsonNode aws = root.get("_aws");
        if (aws == null || !aws.isObject()) {
            return List.of("_aws must be an object");
        }
        if (!aws.path("Timestamp").isIntegralNumber() || aws.get("Timestamp").asLong() <= 0) {
            problems.add("_aws.Timestamp must be a number of milliseconds since the epoch");
        }
        JsonNode directives = aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray() || directives.isEmpty()) {
            problems.add("_aws.CloudWatchMetrics must be a non-empty array");
            return problems;
        }
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            if (!directive.path("Namespace").isTextual() || namespace.isEmpty() || namespace.length() > 255) {
                problems.add("Namespace must be a string of 1-255 characters");
            }
            JsonNode dimensionSets = directive.get("Dimensions");
            if (dimensionSets == null || !dimensionSets.isArray()) {
                problems.add("Dimensions must be an array of dimension sets");
            } else {
                for (JsonNode set : dimensionSets) {
                    if (!set.isArray() || set.size() > 30) {
                        problems.add("a DimensionSet is an array of at most 30 dimension names");
                        continue;
                    }
                    Set<String> names = new HashSet<>();
                    for (JsonNode name : set) {
                        if (!name.isTextual() || !names.add(name.asText())) {
                            problems.add("dimension names are distinct strings: " + name);
                        } else if (!root.path(name.asText()).isTextual()) {
                            problems.add("dimension " + name + " must be a top-level string member");
                        } else if (root.get(name.asText()).asText().isEmpty()
                                || root.get(name.asText()).asText().length() > 1024) {
                            problems.add("dimension value of " + name + " must be 1-1024 characters");
                        }
                    }
                }
            }
            JsonNode metrics = directive.get("Metrics");
            if (metrics == null || !metrics.isArray() || metrics.size() > 100) {
                problems.add("Metrics must be an array of at most 100 metric definitions");
                continue;
            }
            for (JsonNode definition : metrics) {
                String name = definition.path("Name").asText("");
                if (!definition.path("Name").isTextual() || name.isEmpty() || name.length() > 1024) {
                    problems.add("a metric Name must be a string of 1-1024 characters");
                    continue;
                }
                if (definition.has("Unit") && !UNITS.contains(definition.get("Unit").asText())) {
                    problems.add("unit of " + name + " is not a CloudWatch unit: " + definition.get("Unit"));
                }
                JsonNode value = root.get(name);
                if (value == null) {
                    problems.add("metric " + name + " has no top-level member");
                } else if (value.isArray()) {
                    if (value.isEmpty() || value.size() > 100) {
                        problems.add("metric " + name + " must have 1-100 values");
                    }
                    value.forEach(v -> {
                        if (!v.isNumber()) {
                            problems.add("metric " + name + " values must be numbers");
                        }
                    });
                } else if (!value.isNumber()) {
                    problems.add("metric " + name + " must be a number or an array of numbers");
                }
            }
        }
        return problems;
    }
}
