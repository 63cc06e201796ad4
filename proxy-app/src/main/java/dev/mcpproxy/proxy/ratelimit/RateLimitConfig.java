package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.proxy.config.ConfigProblems;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code rateLimits}: token-bucket limits checked before a request is forwarded.
 *
 * @param store    {@code memory} (default) or {@code dynamodb}
 * @param dynamodb DynamoDB store settings
 * @param failMode {@code open} (default) or {@code closed} when the store cannot decide
 * @param buckets  the limits; every matching one must admit a request
 */
public record RateLimitConfig(StoreType store, DynamoDbStoreConfig dynamodb, FailMode failMode,
                              List<BucketConfig> buckets) {

    public static final RateLimitConfig NONE = new RateLimitConfig(null, null, null, null);

    public RateLimitConfig {
        store = store == null ? StoreType.MEMORY : store;
        dynamodb = dynamodb == null ? DynamoDbStoreConfig.DEFAULTS : dynamodb;
        failMode = failMode == null ? FailMode.OPEN : failMode;
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
    }

    public void validate(String key, ConfigProblems problems) {
        validate(key, problems, System::getenv);
    }

    void validate(String key, ConfigProblems problems, UnaryOperator<String> environment) {
        if (store == StoreType.DYNAMODB && !buckets.isEmpty()) {
            dynamodb.validate(key + ".dynamodb", problems, environment);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < buckets.size(); i++) {
            String bucketKey = key + ".buckets[" + i + "]";
            BucketConfig bucket = buckets.get(i);
            if (bucket == null) {
                problems.add(bucketKey, "must not be empty");
                continue;
            }
            bucket.validate(bucketKey, problems);
            problems.check(bucket.name() == null || names.add(bucket.name()), bucketKey + ".name",
                    "'" + bucket.name() + "' is used by an earlier bucket");
        }
    }
}
