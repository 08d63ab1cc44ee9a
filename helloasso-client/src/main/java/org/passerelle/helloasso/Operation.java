package org.passerelle.helloasso;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every HelloAsso operation the client calls, in one place: the contract test checks each against the OpenAPI spec.
 * Paths are relative to {@code /v5}, except the token call's. Only reads and the token call are safe to retry.
 */
enum Operation {
    TOKEN("token", "POST", "/oauth2/token"),
    ORGANIZATIONS_GET("organizations.get", "GET", "/organizations/{organizationSlug}"),
    CHECKOUT_INTENTS_CREATE("checkoutIntents.create", "POST", "/organizations/{organizationSlug}/checkout-intents"),
    CHECKOUT_INTENTS_GET("checkoutIntents.get", "GET",
            "/organizations/{organizationSlug}/checkout-intents/{checkoutIntentId}", "withFailedRefundOperation"),
    ORDERS_GET("orders.get", "GET", "/orders/{orderId}"),
    ORDERS_LIST("orders.list", "GET", "/organizations/{organizationSlug}/orders",
            "from", "to", "userSearchKey", "pageIndex", "pageSize", "continuationToken", "formTypes", "withDetails",
            "sortOrder"),
    ORDERS_CANCEL("orders.cancel", "POST", "/orders/{orderId}/cancel"),
    PAYMENTS_GET("payments.get", "GET", "/payments/{paymentId}", "withFailedRefundOperation"),
    PAYMENTS_LIST("payments.list", "GET", "/organizations/{organizationSlug}/payments",
            "from", "to", "userSearchKey", "pageIndex", "pageSize", "continuationToken", "states", "sortOrder",
            "sortField"),
    PAYMENTS_REFUND("payments.refund", "POST", "/payments/{paymentId}/refund",
            "comment", "cancelOrder", "sendRefundMail", "amount"),
    NOTIFICATION_URLS_SET("notificationUrls.set", "PUT", "/partners/me/api-notifications"),
    NOTIFICATION_URLS_SET_FOR_ORGANIZATION("notificationUrls.set", "PUT",
            "/partners/me/api-notifications/organizations/{organizationSlug}"),
    NOTIFICATION_URLS_DELETE("notificationUrls.delete", "DELETE", "/partners/me/api-notifications",
            "notificationType"),
    NOTIFICATION_URLS_DELETE_FOR_ORGANIZATION("notificationUrls.delete", "DELETE",
            "/partners/me/api-notifications/organizations/{organizationSlug}", "notificationType"),
    PARTNERS_ME("partners.me", "GET", "/partners/me"),
    PARTNERS_ORGANIZATIONS("partners.organizations", "GET", "/partners/me/organizations",
            "pageSize", "continuationToken"),
    PARTNERS_SET_REDIRECT_DOMAIN("partners.setRedirectDomain", "PUT", "/partners/me/api-clients");

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final String operationName;
    private final String method;
    private final String pathTemplate;
    private final List<String> queryParameters;

    Operation(String operationName, String method, String pathTemplate, String... queryParameters) {
        this.operationName = operationName;
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.queryParameters = List.of(queryParameters);
    }

    /** The stable name the listener and logs use, e.g. {@code checkoutIntents.create}. */
    String operationName() {
        return operationName;
    }

    String method() {
        return method;
    }

    String pathTemplate() {
        return pathTemplate;
    }

    List<String> queryParameters() {
        return queryParameters;
    }

    List<String> pathParameters() {
        return PATH_PARAMETER.matcher(pathTemplate).results().map(match -> match.group(1)).toList();
    }

    /** Reads are retried; creations, refunds, cancellations and settings changes never are. */
    boolean retrySafe() {
        return method.equals("GET") || this == TOKEN;
    }

    /** Fills the path parameters in order, each percent-encoded so a slug cannot escape its segment. */
    String path(Object... values) {
        Matcher matcher = PATH_PARAMETER.matcher(pathTemplate);
        StringBuilder path = new StringBuilder();
        int index = 0;
        while (matcher.find()) {
            if (index >= values.length || values[index] == null || values[index].toString().isBlank()) {
                throw new InvalidRequestException(matcher.group(1), "is required");
            }
            String encoded = URLEncoder.encode(values[index++].toString(), StandardCharsets.UTF_8).replace("+", "%20");
            matcher.appendReplacement(path, Matcher.quoteReplacement(encoded));
        }
        matcher.appendTail(path);
        if (index != values.length) {
            throw new IllegalArgumentException(this + " takes " + index + " path parameters, got " + values.length);
        }
        return path.toString();
    }
}
