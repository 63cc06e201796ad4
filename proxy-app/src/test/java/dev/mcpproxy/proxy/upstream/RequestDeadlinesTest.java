package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import dev.mcpproxy.proxy.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestDeadlinesTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(20);
    private static final Duration DORMANT_AFTER = Duration.ofMillis(200);

    @Test
    void anIdleSweeperStopsTickingAndADeadlineArmedLaterStillFires() throws Exception {
        String name = "deadlines-dormant-test";
        RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
        Thread sweeper = thread(name);

        // Ticking parks with a timeout; dormant parks without one.
        Eventually.until("the idle sweeper goes dormant", WITHIN, () -> sweeper.getState() == Thread.State.WAITING);
        Thread.sleep(3 * TICK.toMillis());
        assertEquals(Thread.State.WAITING, sweeper.getState(), "a dormant sweeper stays asleep");

        try (Deadline deadline = deadlines.armed(Duration.ofMillis(50), null)) {
            Eventually.until("a deadline armed on a dormant sweeper fires", WITHIN, deadline::expired);
        }
        Eventually.until("idle again, the sweeper sleeps again", WITHIN, () -> sweeper.getState() == Thread.State.WAITING);
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
                Eventually.until("the short deadline fires", WITHIN, shortOne::expired);
            }
            assertFalse(longOne.expired());
        }
    }

    @Test
    void anInterruptingDeadlineArmedOnADormantSweeperInterruptsItsWaiter() throws Exception {
        String name = "deadlines-interrupt-test";
        RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
        Thread sweeper = thread(name);
        Eventually.until("the idle sweeper goes dormant", WITHIN, () -> sweeper.getState() == Thread.State.WAITING);

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
}
