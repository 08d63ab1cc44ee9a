package org.passerelle.gateway.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.passerelle.gateway.support.Browser;

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

    /**
     * {@code GET /pay} for each of these orders, {@code threads} payers at a time, each with a browser of its own
     * opened (and connected) before timing, as the payer's browser is when they click "pay": a new HTTP client per
     * request timed the test's client (a new selector thread and connection each time) into the gateway's share.
     */
    static Latencies checkouts(int threads, List<URI> payUrls,
            Supplier<Browser> newBrowser) throws Exception {
        BlockingQueue<Browser> browsers =
                new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            Browser payer = newBrowser.get();
            payer.get("/");
            browsers.add(payer);
        }
        return measure(threads, payUrls.stream().<Callable<Void>>map(url -> () -> {
            Browser payer = browsers.take();
            try {
                Browser.Page page = payer.get(url);
                if (page.status() != 303) {
                    throw new IllegalStateException("checkout failed: " + page.status());
                }
            } finally {
                browsers.add(payer);
            }
            return null;
        }).toList());
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
