package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.proxy.governance.Exchange;
import dev.mcpproxy.proxy.governance.GovernanceException;
import dev.mcpproxy.proxy.jsonrpc.JsonRpcErrors;
import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared store against DynamoDB Local, started in this JVM on a loopback port. */
class DynamoDbRateLimitStoreTest {
    private static DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startDynamoDbLocal() throws Exception {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamoDbLocal() throws Exception {
        dynamo.close();
    }

    @Test
    void fourInstancesHammeringOneKeyAdmitExactlyTheLimit() throws Exception {
        Limit limit = new Limit(1, Duration.ofHours(1), 40);
        String key = "hammer-" + UUID.randomUUID();
        List<DynamoDbRateLimitStore> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, clock));
        }
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int t = 0; t < 16; t++) {
                DynamoDbRateLimitStore instance = instances.get(t % 4);
                workers.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 10; i++) {
                        (instance.tryConsume(key, limit).allowed() ? admitted : denied).incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        }
        instances.forEach(DynamoDbRateLimitStore::close);

        assertThat(admitted.get()).isEqualTo(40);
        assertThat(denied.get()).isEqualTo(120);
    }

    @Test
    void refillsOverTime() throws Exception {
        try (DynamoDbRateLimitStore store = new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, clock)) {
            Limit twoPerSecond = new Limit(2, Duration.ofSeconds(1), 2);
            String key = "refill-" + UUID.randomUUID();

            assertThat(store.tryConsume(key, twoPerSecond)).isEqualTo(new Decision(true, 1, 0));
            assertThat(store.tryConsume(key, twoPerSecond)).isEqualTo(new Decision(true, 0, 0));
            Decision third = store.tryConsume(key, twoPerSecond);
            assertThat(third.allowed()).isFalse();
            assertThat(third.retryAfterMs()).isEqualTo(501);

            clock.advance(Duration.ofMillis(500));
            assertThat(store.tryConsume(key, twoPerSecond).allowed()).isTrue();
            assertThat(store.tryConsume(key, twoPerSecond).allowed()).isFalse();

            clock.advance(Duration.ofSeconds(10));
            assertThat(store.tryConsume(key, twoPerSecond)).isEqualTo(new Decision(true, 1, 0));
        }
    }

    @Test
    void itemsCarryTheTtlAttribute() throws Exception {
        String key = "ttl-" + UUID.randomUUID();
        try (DynamoDbRateLimitStore store = new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, clock);
             DynamoDbClient client = dynamo.client()) {
            store.tryConsume(key, new Limit(1, Duration.ofSeconds(30), 1));

            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(DynamoDbLocal.TABLE)
                    .key(Map.of("pk", AttributeValue.fromS(key)))).item();
            long expected = clock.instant().getEpochSecond() + 30 + 60;
            assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(expected);
        }
    }

    @Test
    void principalsHaveTheirOwnBuckets() throws Exception {
        RateLimitConfig config = new RateLimitConfig(StoreType.DYNAMODB, null, FailMode.CLOSED, List.of(
                new BucketConfig("per-principal-" + UUID.randomUUID(), List.of(KeyDimension.PRINCIPAL), 1L, 60L, 1L,
                        null, null, null)));
        try (DynamoDbRateLimitStore store = new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, clock)) {
            RateLimitStage stage = new RateLimitStage(config, store, new RateLimitCounters());

            stage.onRequest(Exchanges.toolCall("alice", "weather", "forecast"));
            stage.onRequest(Exchanges.toolCall("bob", "weather", "forecast"));
            assertThatThrownBy(() -> stage.onRequest(Exchanges.toolCall("alice", "weather", "forecast")))
                    .isInstanceOfSatisfying(GovernanceException.class, e -> {
                        assertThat(e.code()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
                        assertThat(e.data().path("retryAfterMs").asLong()).isEqualTo(60_001);
                    });
        }
    }

    @Test
    void aResourceUriOfAnyLengthIsLimitedAndNeverStored() throws Exception {
        String name = "per-uri-" + UUID.randomUUID();
        RateLimitConfig config = new RateLimitConfig(StoreType.DYNAMODB, null, FailMode.OPEN, List.of(
                new BucketConfig(name, List.of(KeyDimension.TOOL), 1L, 60L, 1L, List.of("resources/read"), null, null)));
        // Past DynamoDB's 2048-byte key limit: stored as it is, the store would fail and the call pass.
        String uri = "crm://customers/jane.doe@example.com?" + "x".repeat(3000);
        try (DynamoDbRateLimitStore store = new DynamoDbRateLimitStore(dynamo.client(), DynamoDbLocal.TABLE, clock);
             DynamoDbClient client = dynamo.client()) {
            RateLimitStage stage = new RateLimitStage(config, store, new RateLimitCounters());

            stage.onRequest(Exchanges.resourceRead("alice", "crm", uri));
            stage.onRequest(Exchanges.resourceRead("alice", "crm", "crm://customers/C-1001"));
            assertThatThrownBy(() -> stage.onRequest(Exchanges.resourceRead("alice", "crm", uri)))
                    .isInstanceOfSatisfying(GovernanceException.class,
                            e -> assertThat(e.code()).isEqualTo(JsonRpcErrors.RATE_LIMITED));
            List<String> keys = client.scanPaginator(b -> b.tableName(DynamoDbLocal.TABLE)).items().stream()
                    .map(item -> item.get("pk").s()).filter(key -> key.startsWith(name)).toList();
            assertThat(keys).hasSize(2).noneMatch(key -> key.contains("jane") || key.contains("C-1001"));
        }
    }

    @Test
    void whenTheStoreStopsFailOpenAdmitsAndFailClosedRejects() throws Exception {
        DynamoDbLocal doomed = DynamoDbLocal.start();
        BucketConfig bucket = new BucketConfig("global", null, 100L, null, null, null, null, null);
        RateLimitCounters counters = new RateLimitCounters();
        try (DynamoDbRateLimitStore store = new DynamoDbRateLimitStore(doomed.client(), DynamoDbLocal.TABLE, clock)) {
            RateLimitStage open = new RateLimitStage(
                    new RateLimitConfig(StoreType.DYNAMODB, null, FailMode.OPEN, List.of(bucket)), store, counters);
            RateLimitStage closed = new RateLimitStage(
                    new RateLimitConfig(StoreType.DYNAMODB, null, FailMode.CLOSED, List.of(bucket)), store, counters);
            open.onRequest(Exchanges.toolCall("alice", "weather", "forecast"));
            closed.onRequest(Exchanges.toolCall("alice", "weather", "forecast"));

            doomed.close();

            Exchange admitted = Exchanges.toolCall("alice", "weather", "forecast");
            open.onRequest(admitted);
            assertThat(admitted.audit().get("rateLimitStoreUnavailable")).isEqualTo(true);
            Exchange rejected = Exchanges.toolCall("alice", "weather", "forecast");
            assertThatThrownBy(() -> closed.onRequest(rejected))
                    .isInstanceOfSatisfying(GovernanceException.class, e -> {
                        assertThat(e.code()).isEqualTo(JsonRpcErrors.RATE_LIMITED);
                        assertThat(e.data().path("retryAfterMs").asLong())
                                .isEqualTo(RateLimitStage.STORE_DOWN_RETRY_AFTER_MS);
                    });
            assertThat(rejected.audit().get("rateLimit")).isEqualTo("global");
            assertThat(counters.snapshot())
                    .containsEntry("ratelimit_allowed_total", 2L)
                    .containsEntry("ratelimit_store_failures_admitted_total", 1L)
                    .containsEntry("ratelimit_store_failures_rejected_total", 1L);
        }
    }
}
