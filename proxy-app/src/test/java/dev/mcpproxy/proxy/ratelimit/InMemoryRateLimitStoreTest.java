package dev.mcpproxy.proxy.ratelimit;

import dev.mcpproxy.proxy.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimitStoreTest {
    private final MutableClock clock = new MutableClock();
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore(clock);

    @Test
    void concurrentCallersGetExactlyTheBurst() throws Exception {
        Limit limit = new Limit(1, Duration.ofHours(1), 100);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        if (store.tryConsume("k", limit).allowed()) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(admitted.get()).isEqualTo(100);
    }

    @Test
    void refillsOverTimeAndSaysWhenToRetry() {
        Limit tenPerMinute = new Limit(10, Duration.ofMinutes(1), 2);

        assertThat(store.tryConsume("k", tenPerMinute)).isEqualTo(new Decision(true, 1, 0));
        assertThat(store.tryConsume("k", tenPerMinute)).isEqualTo(new Decision(true, 0, 0));
        Decision denied = store.tryConsume("k", tenPerMinute);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfterMs()).isEqualTo(6001);

        clock.advance(Duration.ofSeconds(6));
        assertThat(store.tryConsume("k", tenPerMinute).allowed()).isTrue();
        assertThat(store.tryConsume("k", tenPerMinute).allowed()).isFalse();
        assertThat(store.tryConsume("other", tenPerMinute).allowed()).isTrue();
    }
}
