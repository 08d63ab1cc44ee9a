package org.passerelle.gateway.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;

/** A second channel that counts its calls per order, and can be told to fail for a while. */
public class CountingFulfilmentHandler implements FulfilmentHandler {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        calls.computeIfAbsent(event.order().id(), id -> new AtomicInteger()).incrementAndGet();
        AtomicInteger failures = failuresLeft.get(event.order().id());
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new IllegalStateException("host unavailable (test)");
        }
    }

    public int calls(String orderId) {
        AtomicInteger count = calls.get(orderId);
        return count == null ? 0 : count.get();
    }

    public void failNext(String orderId, int times) {
        failuresLeft.put(orderId, new AtomicInteger(times));
    }
}
