package dev.mcpproxy.proxy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.mcpproxy.contracts.AuditFields;
import dev.mcpproxy.proxy.background.Ticker;
import dev.mcpproxy.proxy.governance.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Writes each event as one JSON line to its outputs from a single background thread. The queue is
 * bounded: when it is full the event is dropped and counted, so a slow output never holds up a
 * request. {@link #close()} drains the queue first, so a graceful shutdown loses nothing.
 */
public final class JsonLinesAuditSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesAuditSink.class);
    /** Instants as ISO-8601 text, formatted here rather than on the request's thread. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));
    private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration LINGER = Duration.ofMillis(10);
    /** Quiet for this long, the writer stops waking every {@link #LINGER} until the next event. */
    static final Duration DORMANT_AFTER = Duration.ofSeconds(1);

    private final BlockingQueue<AuditEvent> queue;
    private final List<Writer> outputs;
    private final Thread writer;
    private final Ticker ticker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile long lastDropWarning = System.nanoTime() - DROP_WARNING_INTERVAL_NANOS;
    private volatile boolean closed;

    public JsonLinesAuditSink(int capacity, List<Writer> outputs) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.outputs = List.copyOf(outputs);
        this.ticker = new Ticker(LINGER, DORMANT_AFTER);
        this.writer = Thread.ofPlatform().name("audit-writer").daemon(true).start(this::drainUntilClosed);
    }

    @Override
    public void write(AuditEvent event) {
        if (!closed && queue.offer(event)) {
            ticker.wake();
        } else {
            long total = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropWarning >= DROP_WARNING_INTERVAL_NANOS) {
                lastDropWarning = now;
                LOG.warn("Audit sink cannot keep up: {} audit events dropped so far", total);
            }
        }
    }

    /** Events dropped so far because the queue was full (the warning log line reports the same count). */
    @Override
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public void close() {
        // No interrupt: it would abort a write in flight (a CloudWatch call) and lose its events.
        closed = true;
        // A dormant writer needs the ticker's wake-up; a ticking one is only cut short by the unpark.
        ticker.wake();
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Writer output : outputs) {
            try {
                output.flush();
                if (!(output instanceof StdoutWriter)) {
                    output.close();
                }
            } catch (IOException e) {
                LOG.warn("Could not close an audit output: {}", e.getMessage());
            }
        }
    }

    /**
     * Wakes every {@link #LINGER} and writes what has queued up, rather than waiting on the queue:
     * a waiting writer would have to be woken by each request that adds an event. After a quiet
     * {@link #DORMANT_AFTER} it sleeps until the next event ({@link Ticker}).
     */
    private void drainUntilClosed() {
        BooleanSupplier pending = () -> closed || !queue.isEmpty();
        List<AuditEvent> batch = new ArrayList<>();
        boolean last;
        do {
            last = closed;
            queue.drainTo(batch);
            writeBatch(batch);
            batch.clear();
            if (!last) {
                ticker.await(pending);
                // Only a JVM shutdown interrupts this thread: drain what is left and stop.
                if (Thread.interrupted()) {
                    closed = true;
                }
            }
        } while (!last || !queue.isEmpty());
    }

    private void writeBatch(List<AuditEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (AuditEvent event : batch) {
            lines.append(line(event)).append('\n');
        }
        for (Writer output : outputs) {
            try {
                output.write(lines.toString());
                output.flush();
            } catch (IOException e) {
                LOG.warn("Could not write {} audit events: {}", batch.size(), e.getMessage());
            }
        }
    }

    static String line(AuditEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(AuditFields.KIND, AuditFields.KIND_AUDIT);
        fields.put(AuditFields.AUDIT_VERSION, AuditFields.VERSION);
        fields.putAll(event.fields());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit event not serializable", e);
        }
    }
}
