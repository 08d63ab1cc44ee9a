package org.passerelle.gateway.order;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** An order as stored. Amounts are integer cents (EUR). */
public record Order(
        String id,
        OrderStatus status,
        String offerId,
        String itemName,
        int amount,
        int initialAmount,
        boolean containsDonation,
        Payer payer,
        String reference,
        String metadata,
        String organizationSlug,
        String accessTokenHash,
        Long checkoutIntentId,
        Long helloassoOrderId,
        Long helloassoPaymentId,
        String receiptUrl,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime paidAt,
        /* Set for orders created through the API: the key that owns it, and where the order page sends the payer. */
        String apiKeyId,
        String returnUrl,
        /* The payer goes straight back to returnUrl from HelloAsso instead of seeing the order page. */
        boolean autoReturn,
        /* 1 for a single payment, else the number of monthly terms (the first one paid at checkout). */
        int instalments,
        /* When HelloAsso was read back showing the payment waiting for the payer's bank (null: it was not). */
        OffsetDateTime awaitingBankSince) {

    /**
     * HelloAsso shows the payment of the current checkout waiting for the payer's bank: nothing is paid yet, and
     * paying again would only meet HelloAsso's "already paid" page. The bank's answer makes it PAID or FAILED.
     */
    public boolean awaitingBank() {
        return status == OrderStatus.PENDING && awaitingBankSince != null;
    }

    /** The payer may be sent to HelloAsso (again): a payable order whose payment is not in the bank's hands. */
    public boolean payable() {
        return status.isPayable() && !awaitingBank();
    }

    /** Who pays, as entered in our form (all optional: HelloAsso's page asks what is missing). */
    public record Payer(String firstName, String lastName, String email, String country, LocalDate birthDate) {

        public static Payer none() {
            return new Payer(null, null, null, null, null);
        }
    }
}
