package org.passerelle.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.passerelle.gateway.support.Browser;

/** Runs tasks {@code threads} at a time and keeps each one's latency: the checkout benchmarks' one way to time. */
record Latencies(List<Long> nanos, long wallNanos) {

    static Latencies measure(int threads, List<Callable<Void>> tasks) throws Exception {
        return measure(threads, tasks, Duration.ZERO);
    }

    /**
     * As {@link #measure(int, List)}, with the first task of each of the {@code threads} workers started
     * {@code spreadOver / threads} after the previous one (untimed). All started at the same instant and, each waiting
     * the same injected HelloAsso latency, the workers stay in step: every round is a burst of {@code threads}
     * requests at once, and the median one queues behind half of them. Payers who click independently are spread.
     */
    static Latencies measure(int threads, List<Callable<Void>> tasks, Duration spreadOver) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger started = new AtomicInteger();
        long gapNanos = spreadOver.toNanos() / threads;
        try {
            List<Future<Long>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    int worker = started.getAndIncrement();
                    if (worker < threads) {
                        Thread.sleep(Duration.ofNanos(worker * gapNanos));
                    }
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
     * The payers' first clicks are spread over {@code spreadOver} ({@link #measure(int, List, Duration)}).
     */
    static Latencies checkouts(int threads, List<URI> payUrls, Supplier<Browser> newBrowser) throws Exception {
        return checkouts(threads, payUrls, newBrowser, Duration.ZERO);
    }

    static Latencies checkouts(int threads, List<URI> payUrls, Supplier<Browser> newBrowser, Duration spreadOver)
            throws Exception {
        BlockingQueue<Browser> browsers = new ArrayBlockingQueue<>(threads);
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
        }).toList(), spreadOver);
    }

    /**
     * Checkouts at 16 payers, in rounds of a thousand fresh orders, until the JIT has compiled what a checkout runs:
     * the tiered compiler hands a method to C2 after some ten thousand runs, so a warm-up of a few hundred, then of two
     * thousand, left C2 compiling for a third of the CPU while the phases were timed — a cost a gateway running for
     * days no longer has. Stops once a round costs the process's compiler threads less than a quarter of a millisecond
     * per checkout (at most 20 rounds). Says what it did, for the report.
     */
    static String warmUp(long pid, IntFunction<List<URI>> placeOrders, Supplier<Browser> newBrowser)
            throws Exception {
        int round = 0;
        double compilerMillis;
        do {
            List<URI> payUrls = placeOrders.apply(1000);
            long before = compilerTicks(pid);
            checkouts(16, payUrls, newBrowser);
            compilerMillis = (compilerTicks(pid) - before) * 10.0 / payUrls.size();
            round++;
        } while (compilerMillis >= 0.25 && round < 20);
        return String.format(Locale.ROOT, "Warm-up: %d checkouts at 16 payers (the JIT compiler's CPU in the"
                + " last thousand: %.2f ms per checkout)", round * 1000, compilerMillis);
    }

    /**
     * The orders of each phase ({@code threads} payers: at least 200 checkouts, 20 per payer), all placed before
     * anything is timed: placing them just before a phase left the JIT compiling the offer pages while that phase was
     * timed. Twenty per payer (eight before): the median of a phase moves less with one slow round.
     */
    static Map<Integer, List<URI>> ordersForPhases(int[] concurrency, IntFunction<List<URI>> placeOrders) {
        Map<Integer, List<URI>> phases = new LinkedHashMap<>();
        for (int threads : concurrency) {
            phases.put(threads, placeOrders.apply(Math.max(200, threads * 20)));
        }
        return phases;
    }

    /**
     * Waits until the process has used less than 2 % of a core for a second (at most a minute), so that no compilation
     * or collection left from the untimed set-up runs while a phase is timed; returns the milliseconds waited.
     */
    static long awaitIdle(long pid) throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        long start = System.nanoTime();
        long used = cpuNanos(process);
        do {
            Thread.sleep(1000);
            long now = cpuNanos(process);
            if (now - used < 20_000_000) {
                break;
            }
            used = now;
        } while (System.nanoTime() - start < 60_000_000_000L);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for "
                + process.pid())).toNanos();
    }

    /** CPU time of the JIT compiler threads (C1 and C2) of a process, in clock ticks (10 ms), read from /proc. */
    private static long compilerTicks(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.matches("C[12] CompilerThre.*")) {
                    // after the name: state, then 10 fields, then utime and stime
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
            }
        }
        return ticks;
    }

    /** What the process spent on a phase: its CPU time per task, and the time its garbage collections took. */
    record Usage(long processCpuNanos, long gcMillis, int tasks) {

        static Usage start() {
            return new Usage(cpuNanos(ProcessHandle.current()), gcMillisSoFar(), 0);
        }

        Usage stop(int tasks) {
            Usage now = start();
            return new Usage(now.processCpuNanos - processCpuNanos, now.gcMillis - gcMillis, tasks);
        }

        double cpuMillisEach() {
            return processCpuNanos / 1e6 / tasks;
        }

        private static long gcMillisSoFar() {
            return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
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
