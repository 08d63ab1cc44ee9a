package org.passerelle.gateway.order;

/**
 * What is needed to create an order; the status starts at CREATED. {@code apiKeyId}, {@code returnUrl} and
 * {@code autoReturn} are set for orders created through the API; {@code instalments} is 1 for a single payment, else 2
 * to 12 monthly terms.
 */
public record NewOrder(
        String offerId,
        String itemName,
        int amount,
        boolean containsDonation,
        Order.Payer payer,
        String reference,
        String metadata,
        String organizationSlug,
        String apiKeyId,
        String returnUrl,
        boolean autoReturn,
        int instalments) {

    /** The smallest and largest order, in cents, wherever it comes from (API, pay-what-you-want offers). */
    public static final int MIN_AMOUNT = 50;
    public static final int MAX_AMOUNT = 10_000_000;

    public NewOrder {
        if (amount < MIN_AMOUNT || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount must be between " + MIN_AMOUNT + " and " + MAX_AMOUNT + " cents");
        }
        if (instalments < 1 || instalments > Instalments.MAX_TERMS) {
            throw new IllegalArgumentException("instalments must be between 1 and " + Instalments.MAX_TERMS);
        }
        if (autoReturn && returnUrl == null) {
            throw new IllegalArgumentException("autoReturn needs a returnUrl");
        }
    }

    /** A single-payment order from the public pages. */
    public NewOrder(String offerId, String itemName, int amount, boolean containsDonation, Order.Payer payer,
            String reference, String metadata, String organizationSlug) {
        this(offerId, itemName, amount, containsDonation, payer, reference, metadata, organizationSlug, null, null, false, 1);
    }

    /** The first payment: the whole amount, or the first term's share of it. */
    public int initialAmount() {
        return instalments == 1 ? amount : Instalments.split(amount, instalments).getFirst();
    }
}
