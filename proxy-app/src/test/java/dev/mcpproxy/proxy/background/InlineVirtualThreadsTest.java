package dev.mcpproxy.proxy.background;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the request threads run. A virtual thread's {@code toString()} names the carrier it is
 * mounted on ({@code …@carrier-name}), which is what these tests read.
 */
class InlineVirtualThreadsTest {

    @Test
    void availableOnEveryJvmThatAllowsIt() {
        // The tests' JVM opens java.lang as the image and the jar do (surefire argLine); a build that
        // lost that would otherwise skip the tests below silently.
        assertThat(InlineVirtualThreads.available()).isEqualTo(Runtime.version().feature() >= 24);
        assertThat(InlineVirtualThreads.describe()).isEqualTo(InlineVirtualThreads.available()
                ? "inline on the HTTP selector threads" : "the JVM's scheduler: JDK "
                + Runtime.version().feature() + " pins virtual threads in synchronized blocks");
    }

    @Test
    void aThreadStartedByACarrierRunsThereUntilItParks() throws Exception {
        assumeTrue(InlineVirtualThreads.available());
        AtomicReference<String> seenWhenStartReturned = new AtomicReference<>();

        onCarrier("selector", () -> {
            AtomicReference<String> seen = new AtomicReference<>();
            InlineVirtualThreads.named("request-").newThread(() -> seen.set(Thread.currentThread().toString())).start();
            seenWhenStartReturned.set(seen.get());
        });

        assertThat(seenWhenStartReturned.get()).startsWith("VirtualThread[").contains("request-0").contains("@selector-");
    }

    @Test
    void aThreadWokenByACarrierContinuesThere() throws Exception {
        assumeTrue(InlineVirtualThreads.available());
        Parked parked = Parked.start(InlineVirtualThreads.named("request-"));
        AtomicReference<String> seenWhenUnparkReturned = new AtomicReference<>();

        onCarrier("client-selector", () -> {
            parked.release();
            seenWhenUnparkReturned.set(parked.seenAfterWaking.get());
        });

        assertThat(seenWhenUnparkReturned.get()).contains("@client-selector-");
    }

    @Test
    void aThreadWokenByAnyOtherThreadRunsOnTheJvmScheduler() throws Exception {
        assumeTrue(InlineVirtualThreads.available());
        Parked parked = Parked.start(InlineVirtualThreads.named("request-"));

        parked.release();
        parked.thread.join();

        assertThat(parked.seenAfterWaking.get()).contains("@ForkJoinPool");
    }

    @Test
    void withoutTheJdksBuilderTheyAreOrdinaryVirtualThreads() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();

        onCarrier("selector", () -> {
            Thread thread = InlineVirtualThreads.named("request-", null).newThread(
                    () -> seen.set(Thread.currentThread().toString()));
            thread.start();
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(seen.get()).contains("request-0").contains("@ForkJoinPool");
    }

    @Test
    void carriersAreNamedAfterTheirPool() throws Exception {
        Thread carrier = InlineVirtualThreads.carriers("proxy-http", true).newThread(() -> { });

        assertThat(carrier.getName()).isEqualTo("proxy-http-" + carrier.threadId());
        assertThat(carrier.isDaemon()).isTrue();
        assertThat(carrier.isVirtual()).isFalse();
    }

    private static void onCarrier(String pool, Runnable task) throws InterruptedException {
        Thread carrier = InlineVirtualThreads.carriers(pool, true).newThread(task);
        carrier.start();
        carrier.join();
    }

    /** A virtual thread parked until released, recording where it runs once woken. */
    private record Parked(Thread thread, AtomicBoolean released, AtomicReference<String> seenAfterWaking) {
        static Parked start(ThreadFactory factory) throws InterruptedException {
            AtomicBoolean released = new AtomicBoolean();
            AtomicReference<String> seen = new AtomicReference<>();
            Thread thread = factory.newThread(() -> {
                while (!released.get()) {
                    LockSupport.park();
                }
                seen.set(Thread.currentThread().toString());
            });
            thread.start();
            while (thread.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
            return new Parked(thread, released, seen);
        }

        void release() {
            released.set(true);
            LockSupport.unpark(thread);
        }
    }
}
