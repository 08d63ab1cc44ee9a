package org.passerelle.gateway.refund;

import java.util.List;
import java.util.concurrent.Callable;
import org.passerelle.gateway.support.AtOnce;

/** Starts refund calls at the same instant, one thread each; a refusal counts as its code ("too-much"…). */
final class RefundRace {

    private RefundRace() {
    }

    static List<String> run(List<Callable<String>> calls) throws Exception {
        return AtOnce.run(calls.stream().<Callable<String>>map(call -> () -> {
            try {
                return call.call();
            } catch (RefundException e) {
                return e.code();
            }
        }).toList());
    }
}
