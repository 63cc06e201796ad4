package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.contracts.RateLimitTable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Buckets shared by every proxy instance, in the CDK app's DynamoDB table (partition key {@code pk},
 * TTL attribute {@code expiresAt}). Each bucket is one item holding its theoretical arrival time
 * ({@code tat}, {@link Gcra}, the algorithm the in-memory store uses too). A request reads the
 * item and writes the advanced {@code tat} on the condition that nobody else changed it in between;
 * a lost race is read and decided again, so concurrent instances never over-admit. A denial writes nothing. An item expires once its bucket would be
 * full again, which is exactly when a missing item means the same thing.
 */
public final class DynamoDbRateLimitStore implements RateLimitStore {
    static final String PK = RateLimitTable.PARTITION_KEY;
    static final String TAT = RateLimitTable.THEORETICAL_ARRIVAL_TIME;
    static final String EXPIRES_AT = RateLimitTable.EXPIRES_AT;
    private static final int MAX_ATTEMPTS = 100;
    private static final long TTL_MARGIN_SECONDS = 60;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbRateLimitStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Decision tryConsume(String key, Limit limit) throws RateLimitStoreException {
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                long now = nowNanos();
                Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of(PK, AttributeValue.fromS(key)))).item();
                Long storedTat = item == null || !item.containsKey(TAT) ? null : Long.parseLong(item.get(TAT).n());
                Gcra.Step step = Gcra.step(storedTat, now, limit);
                if (!step.decision().allowed() || write(key, storedTat, step.tat())) {
                    return step.decision();
                }
                if (attempt % 8 == 0) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5));
                }
            }
            throw new RateLimitStoreException("bucket " + key + " stayed contended for " + MAX_ATTEMPTS
                    + " attempts", null);
        } catch (SdkException e) {
            throw new RateLimitStoreException("DynamoDB table " + table + " is unavailable: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RateLimitStoreException("interrupted", e);
        }
    }

    /** Writes the new arrival time if the item is still as read; false when another instance won. */
    private boolean write(String key, Long expectedTat, long newTat) {
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(Map.of(
                PK, AttributeValue.fromS(key),
                TAT, AttributeValue.fromN(Long.toString(newTat)),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(TimeUnit.NANOSECONDS.toSeconds(newTat) + TTL_MARGIN_SECONDS))));
        if (expectedTat == null) {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK));
        } else {
            put.conditionExpression("#tat = :expected").expressionAttributeNames(Map.of("#tat", TAT))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedTat))));
        }
        try {
            dynamo.putItem(put.build());
            return true;
        } catch (ConditionalCheckFailedException lostRace) {
            return false;
        }
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
