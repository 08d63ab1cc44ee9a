package org.passerelle.helloasso.emulator;

import org.passerelle.helloasso.contract.HelloAssoContract;
import org.passerelle.helloasso.contract.HttpExchange;

/** Hands every exchange and notification of an emulator to the HelloAsso contract check. */
record ContractObserver(HelloAssoContract contract) implements ExchangeObserver {

    @Override
    public void exchanged(Exchange e) {
        if (e.operation() != null) {
            contract.exchange(new HttpExchange(e.method(), e.path(), e.rawQuery(), e.requestHeaders(), e.requestBody(),
                    e.status(), e.responseContentType(), e.responseBody()));
        }
    }

    @Override
    public void notified(String eventType, String body) {
        contract.notification(eventType, body);
    }
}
