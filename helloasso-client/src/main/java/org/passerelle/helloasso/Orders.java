package org.passerelle.helloasso;

import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.OrderListParams;

/** Orders: what a payer bought, with its payments. */
public final class Orders {
    private final ApiRequester api;

    Orders(ApiRequester api) {
        this.api = api;
    }

    public Order get(long orderId) {
        Operation operation = Operation.ORDERS_GET;
        return api.call(operation, operation.path(orderId), null, null, Types.of(Order.class));
    }

    /** The first page of an organization's orders; iterate further with {@link Page#autoPaging()}. */
    public Page<Order> list(String organizationSlug, OrderListParams params) {
        Operation operation = Operation.ORDERS_LIST;
        String path = operation.path(organizationSlug);
        OrderListParams filters = params == null ? OrderListParams.none() : params;
        return Paging.firstPage(api, operation, path, Order.class, query -> query
                .add("from", filters.from())
                .add("to", filters.to())
                .add("userSearchKey", filters.userSearchKey())
                .addAll("formTypes", filters.formTypes().stream().map(FormType::wireValue).toList())
                .add("withDetails", filters.withDetails())
                .add("sortOrder", filters.sortOrder() == null ? null : filters.sortOrder().wireValue())
                .add("pageSize", filters.pageSize()));
    }

    /**
     * Cancels the order's future instalments (nothing is refunded). Never retried: after a network error, read the
     * order back to see whether its pending payments were canceled.
     */
    public void cancel(long orderId) {
        Operation operation = Operation.ORDERS_CANCEL;
        api.call(operation, operation.path(orderId), null, null, null);
    }
}
