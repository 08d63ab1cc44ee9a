package org.passerelle.gateway.support;

import java.util.List;
import java.util.concurrent.Flow;

/** Keeps every line of a streamed HTTP answer (an order page's server-sent events) in {@code lines}, as they come. */
public record StreamLines(List<String> lines) implements Flow.Subscriber<String> {

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        lines.add(line);
    }

    @Override
    public void onError(Throwable error) {
        // the test reads what arrived; a stream cut by the server's stop is expected
    }

    @Override
    public void onComplete() {
    }
}
