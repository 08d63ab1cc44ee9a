package org.passerelle.gateway.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks {@code threads} at a time and keeps each one's latency: the checkout benchmarks' one way to time. */
record Latencies(List<Long> nanos, long wallNanos) {

    static Latencies measure(int threads, List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    task.call();
                    return System.nanoTime() - t0;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> future : futures) {
                latencies.add(future.get());
            }
            return new Latencies(latencies, System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Milliseconds. */
    double percentile(int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }

    /** Tasks per second. */
    double throughput() {
        return nanos.size() / (wallNanos / 1_000_000_000.0);
    }
}
