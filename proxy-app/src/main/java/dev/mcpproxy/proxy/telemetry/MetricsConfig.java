package dev.mcpproxy.proxy.telemetry;

import dev.mcpproxy.contracts.MetricNames;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code telemetry.metrics} section.
 *
 * @param enabled            when false nothing is aggregated or written
 * @param namespace          the CloudWatch namespace
 * @param flushSeconds       how often the aggregates are written as EMF lines
 * @param dimensions         fixed dimensions added to every metric (e.g. {@code Environment: prod});
 *                           every metric is also published with only these, for totals. When none
 *                           are configured and {@code MCP_PROXY_ENV} is set (the CDK app sets it),
 *                           {@code Environment} is that variable's value
 * @param maxDimensionValues distinct values one dimension may take for the life of the process;
 *                           later ones are reported as {@code other}, so a misbehaving upstream or
 *                           client cannot create unbounded metrics
 */
public record MetricsConfig(Boolean enabled, String namespace, Integer flushSeconds, Map<String, String> dimensions,
                            Integer maxDimensionValues) {

    public static final MetricsConfig DEFAULTS = new MetricsConfig(null, null, null, null, null);

    /** CloudWatch's limit is 30 dimensions per metric; the proxy's own take up to 3. */
    static final int MAX_FIXED_DIMENSIONS = 20;
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#:]{1,255}");

    public MetricsConfig {
        enabled = enabled == null || enabled;
        namespace = namespace == null ? MetricNames.NAMESPACE : namespace;
        flushSeconds = flushSeconds == null ? 60 : flushSeconds;
        dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        maxDimensionValues = maxDimensionValues == null ? 100 : maxDimensionValues;
    }

    /** These settings with {@code Environment: environmentName} as fixed dimension, unless others are configured. */
    public MetricsConfig withDefaultEnvironment(String environmentName) {
        if (!dimensions.isEmpty() || environmentName == null || environmentName.isBlank()) {
            return this;
        }
        return new MetricsConfig(enabled, namespace, flushSeconds, Map.of(MetricNames.ENVIRONMENT, environmentName),
                maxDimensionValues);
    }

    public void validate(String key, ConfigProblems problems) {
        problems.check(NAMESPACE.matcher(namespace).matches() && !namespace.startsWith("AWS/"), key + ".namespace",
                "must be 1-255 characters of letters, digits and . - _ / # : and must not start with AWS/");
        problems.check(flushSeconds >= 1 && flushSeconds <= 3600, key + ".flushSeconds", "must be between 1 and 3600");
        problems.check(dimensions.size() <= MAX_FIXED_DIMENSIONS, key + ".dimensions",
                "at most " + MAX_FIXED_DIMENSIONS + " fixed dimensions");
        dimensions.forEach((name, value) -> {
            problems.check(!name.isBlank() && name.length() <= 255 && !name.startsWith(":"), key + ".dimensions." + name,
                    "dimension names must be 1-255 characters and must not start with ':'");
            problems.check(value != null && !value.isBlank() && value.length() <= 1024, key + ".dimensions." + name,
                    "dimension values must be 1-1024 characters");
            problems.check(!ProxyMetrics.DIMENSION_NAMES.contains(name), key + ".dimensions." + name,
                    "is a dimension the proxy sets itself");
        });
        problems.check(maxDimensionValues >= 1 && maxDimensionValues <= 10_000, key + ".maxDimensionValues",
                "must be between 1 and 10000");
    }
}
