package org.passerelle.gateway.reconcile;

import java.time.Duration;
import java.util.function.Supplier;
import org.passerelle.helloasso.HelloAssoListener;
import org.springframework.stereotype.Component;

/**
 * Counts the HelloAsso API calls made by the current thread while it runs a piece of work (a reconciliation cycle),
 * whatever other threads call at the same time. One count per client call (after the client's own retries).
 */
@Component
public class ApiCallTally implements HelloAssoListener {

    private final ThreadLocal<int[]> current = new ThreadLocal<>();

    /** Runs {@code work} and returns its result with the number of API calls it made. */
    public <T> Counted<T> count(Supplier<T> work) {
        int[] previous = current.get();
        int[] calls = new int[1];
        current.set(calls);
        try {
            T result = work.get();
            return new Counted<>(result, calls[0]);
        } finally {
            if (previous == null) {
                current.remove();
            } else {
                previous[0] += calls[0];
                current.set(previous);
            }
        }
    }

    /** The calls made so far by the work running on this thread (0 outside one). */
    public int soFar() {
        int[] calls = current.get();
        return calls == null ? 0 : calls[0];
    }

    public record Counted<T>(T result, int apiCalls) {
    }

    @Override
    public void onResponse(String operation, String method, String path, int status, Duration duration) {
        increment();
    }

    @Override
    public void onFailure(String operation, String method, String path, Throwable error, Duration duration) {
        increment();
    }

    private void increment() {
        int[] calls = current.get();
        if (calls != null) {
            calls[0]++;
        }
    }
}
