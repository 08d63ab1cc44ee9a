package org.passerelle.helloasso.emulator;

import java.util.List;

/** The stable operation names used in fault injection and call records (the same as the client's). */
final class Operations {

    static final String TOKEN = "token";
    static final String ORGANIZATIONS_GET = "organizations.get";
    static final String CHECKOUT_CREATE = "checkoutIntents.create";
    static final String CHECKOUT_GET = "checkoutIntents.get";
    static final String ORDERS_GET = "orders.get";
    static final String ORDERS_LIST = "orders.list";
    static final String ORDERS_CANCEL = "orders.cancel";
    static final String PAYMENTS_GET = "payments.get";
    static final String PAYMENTS_LIST = "payments.list";
    static final String PAYMENTS_REFUND = "payments.refund";
    static final String NOTIFICATION_URLS_SET = "notificationUrls.set";
    static final String NOTIFICATION_URLS_DELETE = "notificationUrls.delete";
    static final String PARTNERS_ME = "partners.me";
    static final String PARTNERS_ORGANIZATIONS = "partners.organizations";
    static final String PARTNERS_API_CLIENT_DOMAIN = "partners.setRedirectDomain";

    static final List<String> ALL = List.of(TOKEN, ORGANIZATIONS_GET, CHECKOUT_CREATE, CHECKOUT_GET, ORDERS_GET, ORDERS_LIST, ORDERS_CANCEL,
            PAYMENTS_GET, PAYMENTS_LIST, PAYMENTS_REFUND, NOTIFICATION_URLS_SET, NOTIFICATION_URLS_DELETE,
            PARTNERS_ME, PARTNERS_ORGANIZATIONS, PARTNERS_API_CLIENT_DOMAIN);

    static boolean isKnown(String operation) {
        return ALL.contains(operation);
    }

    private Operations() {
    }
}
