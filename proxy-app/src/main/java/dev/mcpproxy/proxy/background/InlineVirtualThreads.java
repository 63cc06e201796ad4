package dev.mcpproxy.proxy.background;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads that run on the platform thread that starts or wakes them when that is one of
 * the selector threads of a {@link #carrierPool}, and on the JVM's own scheduler otherwise. A
 * request's thread is started by the server's selector and woken with the upstream's answer by the
 * client's selector: run right there, neither hand-off waits for a carrier thread to wake, which on
 * a virtualized machine costs about 20 µs of CPU each (docs/benchmarks/core.md). A thread that
 * parks gives its selector back at once.
 *
 * <p>The JDK has no public way to choose a virtual thread's scheduler; its builder's constructor
 * for tests does, once {@code java.lang} is opened to the proxy ({@code --add-opens
 * java.base/java.lang=ALL-UNNAMED}: the image's entrypoint and the jar's manifest). Without that,
 * before JDK 24 (where a virtual thread blocking inside {@code synchronized} holds its carrier, here
 * a selector), or with {@code -Dmcp.proxy.inlineVirtualThreads=false}, these are ordinary virtual
 * threads.
 */
public final class InlineVirtualThreads {
    static final String SWITCH = "mcp.proxy.inlineVirtualThreads";
    private static final Constructor<?> BUILDER;
    private static final Executor JVM_SCHEDULER;
    private static final String WHY_NOT;

    static {
        Constructor<?> builder = null;
        Executor scheduler = null;
        String whyNot = null;
        if (Runtime.version().feature() < 24) {
            whyNot = "JDK " + Runtime.version().feature() + " pins virtual threads in synchronized blocks";
        } else if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            whyNot = "-D" + SWITCH + "=false";
        } else {
            try {
                Method defaultScheduler = Class.forName("java.lang.VirtualThread").getDeclaredMethod("defaultScheduler");
                defaultScheduler.setAccessible(true);
                scheduler = (Executor) defaultScheduler.invoke(null);
                builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                        .getDeclaredConstructor(Executor.class);
                builder.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                builder = null;
                whyNot = "the JDK's virtual thread builder is out of reach (" + e.getClass().getSimpleName()
                        + "; the proxy needs --add-opens=java.base/java.lang=ALL-UNNAMED)";
            }
        }
        BUILDER = builder;
        JVM_SCHEDULER = scheduler;
        WHY_NOT = whyNot;
    }

    private InlineVirtualThreads() {
    }

    /** A platform thread that runs the virtual threads it starts or wakes. */
    private static final class Carrier extends Thread {
        Carrier(Runnable task) {
            super(task);
        }
    }

    /** Whether the threads of {@link #named} run inline on this JVM. */
    public static boolean available() {
        return BUILDER != null;
    }

    /** How {@link #named} threads are scheduled here, for the start-up log. */
    public static String describe() {
        return available() ? "inline on the HTTP selector threads" : "the JVM's scheduler: " + WHY_NOT;
    }

    /**
     * A Jetty thread pool whose threads, named {@code name-N}, run the virtual threads of
     * {@link #named} they start or wake: the pool of the selectors that start or wake request threads.
     */
    public static QueuedThreadPool carrierPool(String name, int maxThreads, int minThreads, boolean daemon) {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, minThreads, 60_000, -1, null, null,
                carriers(name, daemon));
        pool.setName(name);
        return pool;
    }

    /** Carrier threads named {@code pool-N} (a thread pool given a factory leaves naming to it). */
    static ThreadFactory carriers(String pool, boolean daemon) {
        return task -> {
            Carrier thread = new Carrier(task);
            thread.setName(pool + "-" + thread.threadId());
            thread.setDaemon(daemon);
            return thread;
        };
    }

    /** Virtual threads named {@code prefix} and a counter, inline where {@link #available()}. */
    public static ThreadFactory named(String prefix) {
        return named(prefix, BUILDER);
    }

    /** @param builder the JDK's virtual thread builder constructor taking a scheduler, null if closed to us */
    static ThreadFactory named(String prefix, Constructor<?> builder) {
        if (builder == null) {
            return Thread.ofVirtual().name(prefix, 0).factory();
        }
        Executor inline = task -> {
            if (Thread.currentThread() instanceof Carrier) {
                task.run();
            } else {
                JVM_SCHEDULER.execute(task);
            }
        };
        try {
            return ((Thread.Builder.OfVirtual) builder.newInstance(inline)).name(prefix, 0).factory();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build inline virtual threads", e);
        }
    }
}
