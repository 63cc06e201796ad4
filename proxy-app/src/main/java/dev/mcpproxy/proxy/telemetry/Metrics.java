package dev.mcpproxy.proxy.telemetry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Counters, timings and gauges aggregated in memory and written as CloudWatch Embedded Metric
 * Format lines on {@link #flush()}: recording never does I/O, so the request path never waits for
 * CloudWatch. Dimension values are bounded by a {@link DimensionLimiter}.
 */
public final class Metrics {

    /** Timings kept per series between two flushes; more are dropped rather than growing memory. */
    static final int MAX_SAMPLES_PER_FLUSH = 10_000;

    private static final Metrics DISABLED = new Metrics(null, null, null, null);

    private final EmfFormat format;
    private final DimensionLimiter limiter;
    private final Consumer<String> sink;
    private final Clock clock;
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private Map<Dimensions, Series> window = new ConcurrentHashMap<>();

    private Metrics(EmfFormat format, DimensionLimiter limiter, Consumer<String> sink, Clock clock) {
        this.format = format;
        this.limiter = limiter;
        this.sink = sink;
        this.clock = clock;
    }

    /** Metrics that write each EMF line to {@code sink} on every flush. */
    public static Metrics emf(MetricsConfig config, Consumer<String> sink, Clock clock) {
        if (!config.enabled()) {
            return DISABLED;
        }
        return new Metrics(new EmfFormat(config.namespace(), config.dimensions()),
                new DimensionLimiter(config.maxDimensionValues()), sink, clock);
    }

    /** Metrics that record nothing. */
    public static Metrics disabled() {
        return DISABLED;
    }

    public boolean enabled() {
        return format != null;
    }

    public void count(String metric, Dimensions dimensions) {
        count(metric, 1, dimensions);
    }

    public void count(String metric, long amount, Dimensions dimensions) {
        if (format == null) {
            return;
        }
        swap.readLock().lock();
        try {
            series(dimensions).counter(metric).add(amount);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** One sample of a distribution (CloudWatch computes percentiles from the samples). */
    public void record(String metric, Unit unit, double value, Dimensions dimensions) {
        if (format == null) {
            return;
        }
        swap.readLock().lock();
        try {
            series(dimensions).samples(metric, unit).add(value);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** A value read at every flush, e.g. whether a circuit is open. */
    public void gauge(String metric, Unit unit, Dimensions dimensions, DoubleSupplier value) {
        if (format != null) {
            gauges.add(new Gauge(metric, unit, limiter.bound(dimensions), value));
        }
    }

    /** Writes everything recorded since the last flush, one EMF line per series (more for many samples). */
    public void flush() {
        if (format == null) {
            return;
        }
        Map<Dimensions, Series> closed;
        swap.writeLock().lock();
        try {
            closed = window;
            window = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        for (Gauge gauge : gauges) {
            closed.computeIfAbsent(gauge.dimensions(), d -> new Series()).samples(gauge.metric(), gauge.unit())
                    .add(gauge.value().getAsDouble());
        }
        long timestamp = clock.millis();
        closed.forEach((dimensions, series) -> format.lines(timestamp, dimensions, series.snapshot()).forEach(sink));
    }

    private Series series(Dimensions dimensions) {
        Series series = window.get(dimensions);
        if (series != null) {
            return series;
        }
        return window.computeIfAbsent(limiter.bound(dimensions), d -> new Series());
    }

    private record Gauge(String metric, Unit unit, Dimensions dimensions, DoubleSupplier value) {
    }

    /** The aggregates of one set of dimension values during one flush window. */
    static final class Series {
        private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
        private final Map<String, Samples> samples = new ConcurrentHashMap<>();

        LongAdder counter(String metric) {
            return counters.computeIfAbsent(metric, m -> new LongAdder());
        }

        Samples samples(String metric, Unit unit) {
            return samples.computeIfAbsent(metric, m -> new Samples(unit));
        }

        List<EmfFormat.Metric> snapshot() {
            List<EmfFormat.Metric> metrics = new ArrayList<>();
            counters.forEach((name, sum) -> metrics.add(new EmfFormat.Metric(name, Unit.COUNT,
                    new double[] {sum.sum()})));
            samples.forEach((name, values) -> metrics.add(new EmfFormat.Metric(name, values.unit, values.values())));
            return metrics;
        }
    }

    static final class Samples {
        private final Unit unit;
        private double[] values = new double[8];
        private int size;

        Samples(Unit unit) {
            this.unit = unit;
        }

        synchronized void add(double value) {
            if (size == MAX_SAMPLES_PER_FLUSH) {
                return;
            }
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, Math.min(values.length * 2, MAX_SAMPLES_PER_FLUSH));
            }
            values[size++] = value;
        }

        synchronized double[] values() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
