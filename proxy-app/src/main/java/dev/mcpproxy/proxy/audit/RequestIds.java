package dev.mcpproxy.proxy.audit;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's own ids for audited requests: version-4-shaped UUIDs, unique within the process by a
 * counter and across processes by 60 random bits drawn once. {@link UUID#randomUUID()} drew 16
 * bytes from the system's SecureRandom per request, behind one lock shared by every request
 * thread; an audit id needs to be unique, not unpredictable. The counter is scrambled (a bijection
 * on 62 bits), so ids do not read as a request count.
 */
final class RequestIds {
    private static final long LOW_62_BITS = (1L << 62) - 1;
    /** Odd, so multiplying by it permutes the integers modulo 2^62. */
    private static final long SCRAMBLE = 0x9E3779B97F4A7C15L;

    private final long mostSignificant;
    private final long mask;
    private final AtomicLong counter = new AtomicLong();

    /** The process's ids, drawn on first use (so the random source loads with the first request). */
    static RequestIds processWide() {
        return Shared.IDS;
    }

    RequestIds(SecureRandom random) {
        // Version 4 in bits 12-15 of the high half, variant 2 in the top bits of the low half.
        this.mostSignificant = (random.nextLong() & ~0xF000L) | 0x4000L;
        this.mask = random.nextLong() & LOW_62_BITS;
    }

    String next() {
        long scrambled = ((counter.getAndIncrement() * SCRAMBLE) ^ mask) & LOW_62_BITS;
        return new UUID(mostSignificant, scrambled | Long.MIN_VALUE).toString();
    }

    private static final class Shared {
        static final RequestIds IDS = new RequestIds(new SecureRandom());
    }
}
