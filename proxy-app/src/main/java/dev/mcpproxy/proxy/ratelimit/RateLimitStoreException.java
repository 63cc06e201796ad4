package dev.mcpproxy.proxy.ratelimit;

/** The store could not decide (unreachable, throttled, misconfigured); the fail mode applies. */
public class RateLimitStoreException extends Exception {
    public RateLimitStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
