package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestDeadlinesTest {
    private static final Duration TICK = Duration.ofMillis(20);
    private static final Duration DORMANT_AFTER = Duration.ofMillis(200);

    @Test
    void anIdleSweeperStopsTickingAndADeadlineArmedLaterStillFires() throws Exception {
        String name = "deadlines-dormant-test";
        RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
        Thread sweeper = thread(name);

        // Ticking parks with a timeout; dormant parks without one.
        awaitTrue(() -> sweeper.getState() == Thread.State.WAITING, "the idle sweeper goes dormant");
        Thread.sleep(3 * TICK.toMillis());
        assertEquals(Thread.State.WAITING, sweeper.getState(), "a dormant sweeper stays asleep");

        try (Deadline deadline = deadlines.armed(Duration.ofMillis(50), null)) {
            awaitTrue(deadline::expired, "a deadline armed on a dormant sweeper fires");
        }
        awaitTrue(() -> sweeper.getState() == Thread.State.WAITING, "idle again, the sweeper sleeps again");
    }

    @Test
    void aSweeperWithAnArmedDeadlineKeepsTickingPastTheIdlePeriod() throws Exception {
        String name = "deadlines-busy-test";
        RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
        Thread sweeper = thread(name);

        try (Deadline longOne = deadlines.armed(Duration.ofSeconds(30), null)) {
            Thread.sleep(3 * DORMANT_AFTER.toMillis());
            assertNotEquals(Thread.State.WAITING, sweeper.getState(), "a deadline is armed: the sweeper ticks");
            try (Deadline shortOne = deadlines.armed(Duration.ofMillis(50), null)) {
                awaitTrue(shortOne::expired, "the short deadline fires");
            }
            assertFalse(longOne.expired());
        }
    }

    @Test
    void anInterruptingDeadlineArmedOnADormantSweeperInterruptsItsWaiter() throws Exception {
        String name = "deadlines-interrupt-test";
        RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
        Thread sweeper = thread(name);
        awaitTrue(() -> sweeper.getState() == Thread.State.WAITING, "the idle sweeper goes dormant");

        try (Deadline deadline = deadlines.armed(Duration.ofMillis(50), Thread.currentThread())) {
            boolean interrupted = false;
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            assertTrue(interrupted, "the waiter was interrupted");
            assertTrue(deadline.expired());
        }
        assertFalse(Thread.currentThread().isInterrupted(), "closing the deadline clears its interrupt");
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sweeper thread named " + name));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }
}
