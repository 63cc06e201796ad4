package dev.mcpproxy.proxy.upstream;

import dev.mcpproxy.proxy.testing.Eventually;
import dev.mcpproxy.proxy.upstream.RequestDeadlines.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDeadlinesTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Duration TICK = Duration.ofMillis(20);
    private static final Duration DORMANT_AFTER = Duration.ofMillis(200);

    @Test
    void anIdleSweeperStopsTickingAndADeadlineArmedLaterStillFires() throws Exception {
        Sweeper sweeper = Sweeper.start("deadlines-dormant-test");

        sweeper.awaitDormant("the idle sweeper goes dormant");
        Thread.sleep(3 * TICK.toMillis());
        assertThat(sweeper.thread().getState()).as("a dormant sweeper stays asleep").isEqualTo(Thread.State.WAITING);

        try (Deadline deadline = sweeper.deadlines().armed(Duration.ofMillis(50), null)) {
            Eventually.until("a deadline armed on a dormant sweeper fires", WITHIN, deadline::expired);
        }
        sweeper.awaitDormant("idle again, the sweeper sleeps again");
    }

    @Test
    void aSweeperWithAnArmedDeadlineKeepsTickingPastTheIdlePeriod() throws Exception {
        Sweeper sweeper = Sweeper.start("deadlines-busy-test");

        try (Deadline longOne = sweeper.deadlines().armed(Duration.ofSeconds(30), null)) {
            Thread.sleep(3 * DORMANT_AFTER.toMillis());
            assertThat(sweeper.thread().getState()).as("a deadline is armed: the sweeper ticks")
                    .isNotEqualTo(Thread.State.WAITING);
            try (Deadline shortOne = sweeper.deadlines().armed(Duration.ofMillis(50), null)) {
                Eventually.until("the short deadline fires", WITHIN, shortOne::expired);
            }
            assertThat(longOne.expired()).isFalse();
        }
    }

    @Test
    void anInterruptingDeadlineArmedOnADormantSweeperInterruptsItsWaiter() throws Exception {
        Sweeper sweeper = Sweeper.start("deadlines-interrupt-test");
        sweeper.awaitDormant("the idle sweeper goes dormant");

        try (Deadline deadline = sweeper.deadlines().armed(Duration.ofMillis(50), Thread.currentThread())) {
            boolean interrupted = false;
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            assertThat(interrupted).as("the waiter was interrupted").isTrue();
            assertThat(deadline.expired()).isTrue();
        }
        assertThat(Thread.currentThread().isInterrupted()).as("closing the deadline clears its interrupt").isFalse();
    }

    /** A sweeper of the test's own and its thread (found by its unique name). */
    private record Sweeper(RequestDeadlines deadlines, Thread thread) {
        static Sweeper start(String name) {
            RequestDeadlines deadlines = new RequestDeadlines(name, TICK, DORMANT_AFTER);
            Thread thread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no sweeper thread named " + name));
            return new Sweeper(deadlines, thread);
        }

        /** Ticking parks with a timeout; dormant parks without one. */
        void awaitDormant(String what) {
            Eventually.until(what, WITHIN, () -> thread.getState() == Thread.State.WAITING);
        }
    }
}
