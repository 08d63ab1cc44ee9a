package org.passerelle.gateway.offer;

import org.passerelle.gateway.config.PasserelleProperties;

/**
 * Something a payer can pay for on the public pages, wherever it is defined: the configuration
 * ({@code passerelle.offers}), the admin console (the {@code offers} table), or the samples of emulator mode. Amounts
 * in cents. Orders copy the name and amount when they are created, so changing an offer never changes past orders.
 *
 * <p>Issue 19 (custom payer fields) adds the offer's list of fields here, read from the configuration and from a
 * table beside {@code offers}; the public form and the console's offer form have a marked place for them.
 */
public record Offer(
        String id,
        String name,
        String description,
        /* Fixed price in cents; null for pay-what-you-want. */
        Integer price,
        /* Minimum in cents for pay-what-you-want offers. */
        int minPrice,
        boolean payWhatYouWant,
        boolean donation,
        boolean askBirthDate,
        int instalments,
        Source source,
        /* Console offers: archived ones are no longer offered to payers. */
        boolean archived,
        /* Console offers: incremented at each edit (optimistic locking). */
        int version) {

    /** Where an offer is defined, which says who may change it. */
    public enum Source {
        /** {@code passerelle.offers}: changed in the configuration, with a restart. */
        CONFIGURATION,
        /** Created in the admin console: changed there, at once, on every instance. */
        CONSOLE,
        /** The demonstration offers of emulator mode; real payers never see them. */
        SAMPLE
    }

    public Offer {
        description = description == null ? "" : description;
    }

    static Offer of(PasserelleProperties.Offer configured, Source source) {
        return new Offer(configured.id(), configured.name(), configured.description(),
                configured.payWhatYouWant() ? null : configured.price(), configured.minPrice(),
                configured.payWhatYouWant(), configured.donation(), configured.askBirthDate(),
                configured.instalments(), source, false, 0);
    }

    public boolean editableInConsole() {
        return source == Source.CONSOLE;
    }
}
