package dev.mcpproxy.proxy.ratelimit;

/** Token buckets by key. Implementations never admit more than a bucket allows, however many callers race. */
public interface RateLimitStore extends AutoCloseable {

    /** Takes one token from the bucket {@code key} of shape {@code limit}, if there is one. */
    Decision tryConsume(String key, Limit limit) throws RateLimitStoreException;

    @Override
    default void close() {
    }
}
