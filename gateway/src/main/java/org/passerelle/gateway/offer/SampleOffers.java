package org.passerelle.gateway.offer;

import java.util.List;

/**
 * What emulator mode shows when no offer is configured, so that the one-command start has something to pay for.
 * Never shown with a real HelloAsso account: real payers see only the association's own offers.
 */
final class SampleOffers {

    static final List<Offer> ALL = List.of(
            sample("adhesion-2026", "Adhésion annuelle 2026",
                    "Adhésion à l'association pour l'année 2026 : accès à toutes les activités et droit de vote à"
                            + " l'assemblée générale.", 2500, 50, false, false, true, 1),
            sample("atelier-initiation", "Atelier d'initiation (une place)",
                    "Une place pour l'atelier d'initiation du samedi matin, matériel fourni.", 4000, 50, false, false,
                    false, 1),
            sample("stage-ete", "Stage d'été (une semaine)",
                    "Une semaine de stage en juillet, repas compris : payable en 3 fois.", 30000, 50, false, false,
                    false, 3),
            sample("don-libre", "Don libre", "Soutenez nos actions : vous choisissez le montant (5 € minimum).",
                    null, 500, true, true, false, 1));

    private SampleOffers() {
    }

    private static Offer sample(String id, String name, String description, Integer price, int minPrice,
            boolean payWhatYouWant, boolean donation, boolean askBirthDate, int instalments) {
        return new Offer(id, name, description, price, minPrice, payWhatYouWant, donation, askBirthDate, instalments,
                Offer.Source.SAMPLE, false, 0);
    }
}
