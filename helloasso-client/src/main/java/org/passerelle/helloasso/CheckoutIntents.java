package org.passerelle.helloasso;

import org.passerelle.helloasso.model.CheckoutIntent;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;

/** Checkout intents: HelloAsso's hosted payment pages. */
public final class CheckoutIntents {
    private final ApiRequester api;

    CheckoutIntents(ApiRequester api) {
        this.api = api;
    }

    /**
     * Creates a checkout intent; send the payer to its {@code redirectUrl}. Validated before sending. Never retried:
     * on {@link HelloAssoNetworkException} or {@link ServerErrorException} an intent may exist anyway, so settle by
     * reading back (e.g. by the metadata you sent) rather than creating another.
     *
     * @throws InvalidRequestException when the request would be rejected, naming the field
     */
    public CheckoutIntentCreated create(String organizationSlug, CheckoutIntentRequest request) {
        request.validate(api.environment().isProduction());
        Operation operation = Operation.CHECKOUT_INTENTS_CREATE;
        return api.call(operation, operation.path(organizationSlug), null, request,
                Types.of(CheckoutIntentCreated.class));
    }

    /** Reads a checkout intent back; its {@code order} is present only once the payment is authorized. */
    public CheckoutIntent get(String organizationSlug, long checkoutIntentId) {
        return get(organizationSlug, checkoutIntentId, false);
    }

    /**
     * Reads a checkout intent back; with {@code withFailedRefundOperation} its payments also list the refund operations
     * that failed (Error, Refused, Aborted, Canceled…), which HelloAsso otherwise leaves out: a refund it accepted and
     * that failed later then shows, instead of silently disappearing.
     */
    public CheckoutIntent get(String organizationSlug, long checkoutIntentId, boolean withFailedRefundOperation) {
        Operation operation = Operation.CHECKOUT_INTENTS_GET;
        return api.call(operation, operation.path(organizationSlug, checkoutIntentId),
                withFailedRefundOperation ? new Query(operation).add("withFailedRefundOperation", true) : null, null,
                Types.of(CheckoutIntent.class));
    }
}
