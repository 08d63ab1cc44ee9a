package org.passerelle.gateway.offer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PasserelleProperties.Offer;
import org.springframework.stereotype.Component;

/** The offers of the public pages, from {@code passerelle.offers[n].*}, in configuration order. */
@Component
public class OfferCatalog {

    private final Map<String, Offer> offers = new LinkedHashMap<>();

    public OfferCatalog(PasserelleProperties properties) {
        for (Offer offer : properties.offers()) {
            if (offers.putIfAbsent(offer.id(), offer) != null) {
                throw new IllegalStateException("passerelle.offers: the id '" + offer.id() + "' is used twice");
            }
        }
    }

    public List<Offer> all() {
        return List.copyOf(offers.values());
    }

    public Optional<Offer> find(String id) {
        return Optional.ofNullable(offers.get(id));
    }
}
