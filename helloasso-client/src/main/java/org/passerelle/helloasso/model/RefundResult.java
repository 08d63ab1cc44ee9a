package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;

/** The refund operation HelloAsso created (HelloAsso {@code RefundOperationModel}), amount in cents. */
public record RefundResult(long id, int amount, boolean cancelOrder, OffsetDateTime creationDate,
                           OperationState state, boolean sendRefundMail, long paymentId) {
}
