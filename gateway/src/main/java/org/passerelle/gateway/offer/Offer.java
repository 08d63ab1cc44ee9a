package org.passerelle.gateway.offer;

import java.util.List;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.field.FieldDefinition;

/**
 * Something a payer can pay for on the public pages, wherever it is defined: the configuration
 * ({@code passerelle.offers}), the admin console (the {@code offers} table), or the samples of emulator mode. Amounts
 * in cents. Orders copy the name and amount when they are created, so changing an offer never changes past orders.
 *
 * <p>Its {@code fields} are the questions payers answer (issue 19), read from the configuration or from
 * {@code offer_fields} beside {@code offers}.
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
        int version,
        /* The questions asked to payers, in order (issue 19); empty when none. */
        List<FieldDefinition> fields,
        /* Console offers: the slug of the linked association it is sold for (issue 18); null for the configured
           organization's (every offer of the configuration, the samples, and console offers made before V27_1). */
        String organization) {

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
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** An offer of the configured organization. */
    public Offer(String id, String name, String description, Integer price, int minPrice, boolean payWhatYouWant,
            boolean donation, boolean askBirthDate, int instalments, Source source, boolean archived, int version,
            List<FieldDefinition> fields) {
        this(id, name, description, price, minPrice, payWhatYouWant, donation, askBirthDate, instalments, source,
                archived, version, fields, null);
    }

    /** An offer that asks nothing more than the payer's identity. */
    public Offer(String id, String name, String description, Integer price, int minPrice, boolean payWhatYouWant,
            boolean donation, boolean askBirthDate, int instalments, Source source, boolean archived, int version) {
        this(id, name, description, price, minPrice, payWhatYouWant, donation, askBirthDate, instalments, source,
                archived, version, List.of());
    }

    /** The same offer asking these fields. */
    public Offer withFields(List<FieldDefinition> newFields) {
        return new Offer(id, name, description, price, minPrice, payWhatYouWant, donation, askBirthDate, instalments,
                source, archived, version, newFields, organization);
    }

    /** The same offer, sold for this organization (null: the configured one). */
    public Offer forOrganization(String slug) {
        return new Offer(id, name, description, price, minPrice, payWhatYouWant, donation, askBirthDate, instalments,
                source, archived, version, fields, slug);
    }

    /** The payer's page: under /o/{slug} for a linked association's offer (the configured one's keep /offers/{id}). */
    public String path() {
        return (organization == null ? "" : "/o/" + organization) + "/offers/" + id;
    }

    /** True when it is sold for the organization {@code slug}, the configured one being {@code configured}. */
    public boolean soldFor(String slug, String configured) {
        return java.util.Objects.equals(organization == null ? configured : organization, slug);
    }

    static Offer of(PasserelleProperties.Offer configured, Source source) {
        return new Offer(configured.id(), configured.name(), configured.description(),
                configured.payWhatYouWant() ? null : configured.price(), configured.minPrice(),
                configured.payWhatYouWant(), configured.donation(), configured.askBirthDate(),
                configured.instalments(), source, false, 0, configured.fields());
    }

    public boolean editableInConsole() {
        return source == Source.CONSOLE;
    }
}
