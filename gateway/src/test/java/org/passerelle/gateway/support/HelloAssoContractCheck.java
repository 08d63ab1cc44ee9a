package org.passerelle.gateway.support;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.passerelle.helloasso.contract.HelloAssoContract;
import org.passerelle.helloasso.contract.HttpExchange;
import org.passerelle.helloasso.emulator.ExchangeObserver;
import org.passerelle.helloasso.emulator.HelloAssoEmulator;

/**
 * Holds what the gateway's HelloAsso client sends, and what the emulator answers and notifies, to HelloAsso's OpenAPI
 * spec during the end-to-end suites (helloasso-contract; skipped with a message without the spec). One contract for
 * the whole test run, so its counts add up over every suite.
 */
public final class HelloAssoContractCheck implements ExchangeObserver {

    public static final HelloAssoContract CONTRACT = HelloAssoContract.shared();
    private static final HelloAssoContractCheck OBSERVER = new HelloAssoContractCheck();
    private static final Set<HelloAssoEmulator> WATCHED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private HelloAssoContractCheck() {
    }

    /** Starts checking an emulator's exchanges (once per emulator). */
    public static void watch(HelloAssoEmulator emulator) {
        if (emulator != null && CONTRACT.enabled() && WATCHED.add(emulator)) {
            emulator.control().observe(OBSERVER);
        }
    }

    /** Stops checking an emulator's exchanges. */
    public static void unwatch(HelloAssoEmulator emulator) {
        if (emulator != null && WATCHED.remove(emulator)) {
            emulator.control().stopObserving(OBSERVER);
        }
    }

    /** Fails with the departures from the spec seen since the last call. */
    public static void assertFollowedTheSpec() {
        CONTRACT.assertNoViolations();
    }

    @Override
    public void exchanged(Exchange e) {
        if (e.operation() != null) {
            CONTRACT.exchange(new HttpExchange(e.method(), e.path(), e.rawQuery(), e.requestHeaders(), e.requestBody(),
                    e.status(), e.responseContentType(), e.responseBody()));
        }
    }

    @Override
    public void notified(String eventType, String body) {
        CONTRACT.notification(eventType, body);
    }
}
