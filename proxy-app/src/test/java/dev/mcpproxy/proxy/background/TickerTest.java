package dev.mcpproxy.proxy.background;

import dev.mcpproxy.proxy.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TickerTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration DORMANT_AFTER = Duration.ofMillis(100);

    @Test
    void withoutWorkTheThreadStopsTickingUntilWokenAndWithWorkItKeepsTicking() throws Exception {
        Ticker ticker = new Ticker(TICK, DORMANT_AFTER);
        AtomicBoolean work = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                ticker.await(work::get);
                rounds.incrementAndGet();
            }
        });

        Eventually.until("idle, the thread sleeps untimed", WITHIN, () -> thread.getState() == Thread.State.WAITING);
        int asleep = rounds.get();
        Thread.sleep(10 * TICK.toMillis());
        assertThat(rounds.get()).as("no rounds while dormant").isEqualTo(asleep);

        work.set(true);
        ticker.wake();
        Eventually.until("woken with work, the thread ticks again", WITHIN, () -> rounds.get() > asleep + 20);
        Thread.sleep(3 * DORMANT_AFTER.toMillis());
        assertThat(thread.getState()).as("busy past the dormant period").isNotEqualTo(Thread.State.WAITING);

        work.set(false);
        Eventually.until("idle again, it sleeps again", WITHIN, () -> thread.getState() == Thread.State.WAITING);
        thread.interrupt();
    }

    @Test
    void workAddedWhileTheThreadAnnouncesItsSleepIsNotMissed() throws Exception {
        Ticker ticker = new Ticker(TICK, Duration.ZERO);
        // The work appears exactly between the first look and the re-check after announcing the sleep.
        AtomicInteger looks = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            ticker.await(() -> looks.incrementAndGet() > 1);
            returned.set(true);
        });

        Eventually.until("the re-check sees the work, so the thread does not sleep", WITHIN, returned::get);
        assertThat(looks.get()).isEqualTo(2);
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }

    @Test
    void anInterruptEndsTheDormantSleep() throws Exception {
        Ticker ticker = new Ticker(TICK, Duration.ZERO);
        AtomicBoolean returned = new AtomicBoolean();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            ticker.await(() -> false);
            returned.set(Thread.currentThread().isInterrupted());
        });
        Eventually.until("the thread sleeps untimed", WITHIN, () -> thread.getState() == Thread.State.WAITING);

        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(thread.isAlive()).isFalse();
        assertThat(returned.get()).as("returned with its interrupt kept").isTrue();
    }
}
