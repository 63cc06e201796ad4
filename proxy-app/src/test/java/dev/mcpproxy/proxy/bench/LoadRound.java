package dev.mcpproxy.proxy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One closed-loop round: {@code concurrency} virtual threads each send {@code tools/call} back to
 * back for a fixed time. Each worker has its own client session, like independent agents.
 */
final class LoadRound {
    /** {@code firstError} describes the first failed call of the round, or is null. */
    record Result(long requests, long errors, String firstError, long elapsedNanos, long[] latencies) {
        double throughputPerSecond() {
            return requests * 1e9 / elapsedNanos;
        }
    }

    /** What one worker sends: a method with its params, and the text a successful reply contains. */
    record Call(String method, String paramsJson, String successMarker) {
    }

    private LoadRound() {
    }

    static Result run(List<McpBenchClient> clients, Call call, Duration duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<Result>> workers = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (McpBenchClient client : clients) {
                workers.add(threads.submit(() -> work(client, call, stop)));
            }
            Thread.sleep(duration.toMillis());
            stop.set(true);
        }
        long elapsed = System.nanoTime() - start;
        long requests = 0;
        long errors = 0;
        String firstError = null;
        List<long[]> latencies = new ArrayList<>();
        for (Future<Result> worker : workers) {
            Result one = worker.get();
            requests += one.requests();
            errors += one.errors();
            firstError = firstError == null ? one.firstError() : firstError;
            latencies.add(one.latencies());
        }
        long[] merged = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(requests, errors, firstError, elapsed, merged);
    }

    /**
     * One worker alternating between two targets call by call, the order flipping each pair, so
     * both see the same moment of a noisy machine and upstream. Each result's elapsed time is the
     * time spent in its own calls.
     */
    static List<Result> interleaved(McpBenchClient first, Call firstCall, McpBenchClient second, Call secondCall,
                                    Duration duration) {
        Worker a = new Worker(first, firstCall);
        Worker b = new Worker(second, secondCall);
        long end = System.nanoTime() + duration.toNanos();
        for (long pair = 0; System.nanoTime() < end; pair++) {
            (pair % 2 == 0 ? a : b).callOnce();
            (pair % 2 == 0 ? b : a).callOnce();
        }
        return List.of(a.result(), b.result());
    }

    private static Result work(McpBenchClient client, Call call, AtomicBoolean stop) {
        Worker worker = new Worker(client, call);
        while (!stop.get()) {
            worker.callOnce();
        }
        return worker.result();
    }

    /** Sends calls one at a time and keeps their latencies, counts and first error. */
    private static final class Worker {
        private final McpBenchClient client;
        private final Call call;
        private final LatencyRecorder recorder = new LatencyRecorder();
        private long requests;
        private long errors;
        private long busyNanos;
        private String firstError;

        Worker(McpBenchClient client, Call call) {
            this.client = client;
            this.call = call;
        }

        void callOnce() {
            long begin = System.nanoTime();
            try {
                client.call(call.method(), call.paramsJson(), call.successMarker());
                long latency = System.nanoTime() - begin;
                recorder.record(latency);
                busyNanos += latency;
                requests++;
            } catch (Exception e) {
                busyNanos += System.nanoTime() - begin;
                errors++;
                firstError = firstError == null ? e.toString() : firstError;
            }
        }

        Result result() {
            return new Result(requests, errors, firstError, busyNanos, recorder.values());
        }
    }
}
