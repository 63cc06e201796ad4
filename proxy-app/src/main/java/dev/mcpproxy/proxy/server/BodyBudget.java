package dev.mcpproxy.proxy.server;

import java.util.concurrent.Semaphore;

/**
 * The request body bytes all POSTs being served may hold together ({@code server.maxBodyBytesInFlight}).
 * A request that does not fit is turned away at once, so a flood of large bodies degrades into fast
 * 503s instead of a process that stalls in garbage collection or runs out of memory.
 */
final class BodyBudget {
    private final Semaphore bytes;

    BodyBudget(long limit) {
        this.bytes = new Semaphore((int) limit);
    }

    /**
     * Reserves room for a body of the declared length (the request limit when it is not declared).
     *
     * @return the bytes reserved, to {@link #release} when the request is done; -1 when they do not fit
     */
    int tryReserve(long declaredLength, long maxRequestBytes) {
        int wanted = (int) (declaredLength >= 0 ? Math.min(declaredLength, maxRequestBytes) : maxRequestBytes);
        return bytes.tryAcquire(wanted) ? wanted : -1;
    }

    void release(int reserved) {
        if (reserved > 0) {
            bytes.release(reserved);
        }
    }
}
