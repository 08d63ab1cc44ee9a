package org.passerelle.helloasso;

import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentListParams;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.RefundRequest;
import org.passerelle.helloasso.model.RefundResult;

/** Payments and refunds. */
public final class Payments {
    private final ApiRequester api;

    Payments(ApiRequester api) {
        this.api = api;
    }

    public Payment get(long paymentId) {
        return get(paymentId, false);
    }

    /** A payment; with {@code withFailedRefundOperation} its refund operations include the ones that failed. */
    public Payment get(long paymentId, boolean withFailedRefundOperation) {
        Operation operation = Operation.PAYMENTS_GET;
        return api.call(operation, operation.path(paymentId),
                withFailedRefundOperation ? new Query(operation).add("withFailedRefundOperation", true) : null, null,
                Types.of(Payment.class));
    }

    /** The first page of an organization's payments; iterate further with {@link Page#autoPaging()}. */
    public Page<Payment> list(String organizationSlug, PaymentListParams params) {
        Operation operation = Operation.PAYMENTS_LIST;
        String path = operation.path(organizationSlug);
        PaymentListParams filters = params == null ? PaymentListParams.none() : params;
        return Paging.firstPage(api, operation, path, Payment.class, query -> query
                .add("from", filters.from())
                .add("to", filters.to())
                .add("userSearchKey", filters.userSearchKey())
                .addAll("states", filters.states().stream().map(PaymentState::wireValue).toList())
                .add("sortField", filters.sortField() == null ? null : filters.sortField().wireValue())
                .add("sortOrder", filters.sortOrder() == null ? null : filters.sortOrder().wireValue())
                .add("pageSize", filters.pageSize()));
    }

    /**
     * Refunds a payment, fully or partly; the arguments travel as query parameters, as the API takes them. Never
     * retried: after a network error or a 5xx, read the payment back ({@code refundOperations}, {@code state}) before
     * deciding to refund again, or the payer may be refunded twice.
     *
     * @throws MfaRequiredException when HelloAsso demands multi-factor authentication for refunds
     */
    public RefundResult refund(long paymentId, RefundRequest request) {
        RefundRequest refund = request == null ? RefundRequest.full() : request;
        refund.validate();
        Operation operation = Operation.PAYMENTS_REFUND;
        Query query = new Query(operation)
                .add("amount", refund.amount())
                .add("comment", refund.comment())
                .add("cancelOrder", refund.cancelOrder())
                .add("sendRefundMail", refund.sendRefundMail());
        return api.call(operation, operation.path(paymentId), query, null, Types.of(RefundResult.class));
    }
}
