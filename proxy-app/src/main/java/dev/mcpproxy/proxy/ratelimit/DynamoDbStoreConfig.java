package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.contracts.EnvironmentVariables;
import dev.mcpproxy.proxy.config.ConfigProblems;

import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * The DynamoDB store.
 *
 * @param table    table name (default: environment variable {@code RATE_LIMIT_TABLE}, set by the CDK app)
 * @param region   AWS region (default: the environment's)
 * @param endpoint endpoint override, e.g. DynamoDB Local (default: the regional endpoint)
 */
public record DynamoDbStoreConfig(String table, String region, String endpoint) {
    public static final String TABLE_ENV = EnvironmentVariables.RATE_LIMIT_TABLE;
    public static final DynamoDbStoreConfig DEFAULTS = new DynamoDbStoreConfig(null, null, null);

    /** The table from configuration or else the environment; null when neither has one. */
    public String tableOr(UnaryOperator<String> environment) {
        return table != null ? table : environment.apply(TABLE_ENV);
    }

    public void validate(String key, ConfigProblems problems, UnaryOperator<String> environment) {
        String resolved = tableOr(environment);
        problems.check(resolved != null && resolved.matches("[A-Za-z0-9_.-]{3,255}"), key + ".table",
                "required (or set " + TABLE_ENV + "): 3-255 letters, digits, '_', '.' or '-'");
        if (endpoint != null) {
            try {
                URI uri = URI.create(endpoint);
                problems.check(uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null,
                        key + ".endpoint", "must be an http(s) URL");
            } catch (IllegalArgumentException e) {
                problems.add(key + ".endpoint", "must be an http(s) URL");
            }
        }
    }
}
