package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A payment, amounts in cents: one record for the list element, the single resource and the payments inside an order
 * (where {@code order} and {@code payer} are null). Future instalments exist as {@link PaymentState#PENDING} payments.
 * Nullable: everything except {@code id}, {@code amount} and the lists.
 */
public record Payment(long id, int amount, Integer amountTip, OffsetDateTime date, PaymentMeans paymentMeans,
                      Integer installmentNumber, PaymentState state, PaymentType type, String paymentReceiptUrl,
                      String fiscalReceiptUrl, PaymentCashOutState cashOutState,
                      List<RefundOperation> refundOperations, OrderLight order, Payer payer, List<PaymentItem> items,
                      Meta meta) {

    public Payment {
        refundOperations = Lists.copy(refundOperations);
        items = Lists.copy(items);
    }

    public boolean isAuthorized() {
        return state == PaymentState.AUTHORIZED;
    }
}
