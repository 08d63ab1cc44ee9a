package org.passerelle.gateway.fulfilment;

/**
 * A delivery channel (host webhooks, Moodle enrolment…). Called after the PAID transaction has committed, at least
 * once per outbox row and until it returns normally; it must therefore be idempotent, keyed on
 * {@link FulfilmentEvent#fulfilmentId()}. Throwing schedules a retry with backoff.
 */
public interface FulfilmentHandler {

    /** A stable name, recorded with each delivery. */
    String name();

    void deliver(FulfilmentEvent event) throws Exception;
}
