package org.passerelle.gateway.offer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.startup.SettingsException;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every offer of the public pages: from the configuration ({@code passerelle.offers[n].*}, in its order), then the
 * console's (oldest first). In emulator mode with no configured offer, the samples come first; with a real HelloAsso
 * account they never appear. An id in the configuration hides a console offer with the same id.
 */
@Component
public class OfferCatalog {

    private static final Logger log = LoggerFactory.getLogger(OfferCatalog.class);

    /** Configured offers (or the samples), fixed for the life of the application. */
    private final Map<String, Offer> fixed = new LinkedHashMap<>();
    private final ConsoleOffers console;

    public OfferCatalog(PasserelleProperties properties, HelloAssoSettings helloAsso, ConsoleOffers console) {
        this.console = console;
        for (PasserelleProperties.Offer offer : properties.offers()) {
            if (fixed.putIfAbsent(offer.id(), Offer.of(offer, Offer.Source.CONFIGURATION)) != null) {
                throw new SettingsException("passerelle.offers: the id '" + offer.id() + "' is used by two offers.",
                        "Give each offer of passerelle.offers its own id, then start Passerelle again.");
            }
            List<FieldProblem> problems = FieldDefinition.problems(offer.fields(), "fields");
            if (!problems.isEmpty()) {
                FieldProblem first = problems.getFirst();
                throw new SettingsException("passerelle.offers: the offer '" + offer.id() + "' has a field that cannot"
                        + " be asked: " + first.field() + ": " + first.english()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "") + ".",
                        "Correct passerelle.offers[…]." + first.field() + " (docs/configuration.md, \"Questions to"
                                + " payers\"), then start Passerelle again.");
            }
        }
        if (fixed.isEmpty() && helloAsso.emulated()) {
            SampleOffers.ALL.forEach(sample -> fixed.put(sample.id(), sample));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnAboutHiddenConsoleOffers() {
        for (Offer offer : console.active()) {
            if (isFixed(offer.id())) {
                log.warn("The console offer '{}' is hidden by the offer with the same id in passerelle.offers;"
                        + " rename or remove one of them.", offer.id());
            }
        }
    }

    /** Every offer on sale, in order, whatever organization it is sold for. */
    public List<Offer> all() {
        List<Offer> all = new ArrayList<>(fixed.values());
        console.active().stream().filter(offer -> !isFixed(offer.id())).forEach(all::add);
        return all;
    }

    /**
     * What the payers of one organization see, in order: {@code organization} null is the configured organization
     * (the configuration's offers, or the samples, then its console offers); a linked association has only console
     * offers.
     */
    public List<Offer> soldFor(String organization) {
        List<Offer> all = new ArrayList<>(organization == null ? fixed.values() : List.of());
        console.active(organization).stream().filter(offer -> !isFixed(offer.id())).forEach(all::add);
        return all;
    }

    /** An offer payers may buy now. */
    public Optional<Offer> find(String id) {
        Offer offer = fixed.get(id);
        if (offer != null) {
            return Optional.of(offer);
        }
        return console.find(id).filter(found -> !found.archived());
    }

    /** A console offer that was archived: its page says so instead of "not found". */
    public boolean isArchived(String id) {
        return !isFixed(id) && console.find(id).map(Offer::archived).orElse(false);
    }

    /** An archived console offer of this organization (null: the configured one). */
    public boolean wasSoldFor(String id, String organization) {
        return console.find(id).map(offer -> java.util.Objects.equals(offer.organization(), organization))
                .orElse(false);
    }

    /** Offers from the configuration, or the samples: the console lists them, read only. */
    public List<Offer> fixedOffers() {
        return List.copyOf(fixed.values());
    }

    /** True when the configuration (or the samples) already use this id. */
    public boolean isFixed(String id) {
        return fixed.containsKey(id);
    }
}
