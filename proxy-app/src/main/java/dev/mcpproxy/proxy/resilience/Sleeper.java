package dev.mcpproxy.proxy.resilience;

/** Pauses between retries; tests substitute one that records instead of waiting. */
@FunctionalInterface
public interface Sleeper {
    Sleeper THREAD = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
}
