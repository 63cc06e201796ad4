package dev.mcpproxy.proxy.bench;

import java.time.Duration;
import java.util.ArrayList;
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
    record Result(long requests, long errors, long elapsedNanos, long[] latencies) {
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
        List<long[]> latencies = new ArrayList<>();
        for (Future<Result> worker : workers) {
            Result one = worker.get();
            requests += one.requests();
            errors += one.errors();
            latencies.add(one.latencies());
        }
        long[] merged = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
        return new Result(requests, errors, elapsed, merged);
    }

    private static Result work(McpBenchClient client, Call call, AtomicBoolean stop) {
        LatencyRecorder recorder = new LatencyRecorder();
        long requests = 0;
        long errors = 0;
        while (!stop.get()) {
            long begin = System.nanoTime();
            boolean ok;
            try {
                ok = client.call(call.method(), call.paramsJson(), call.successMarker());
            } catch (Exception e) {
                ok = false;
            }
            if (ok) {
                recorder.record(System.nanoTime() - begin);
                requests++;
            } else {
                errors++;
            }
        }
        return new Result(requests, errors, 0, recorder.values());
    }
}
