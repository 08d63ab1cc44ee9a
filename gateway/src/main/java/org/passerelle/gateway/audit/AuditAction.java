package org.passerelle.gateway.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an audit event records as done: one constant per action, its code the one stored in {@code audit_events.action}
 * and named for the admin by {@code admin.action.<code>} (French and English). Codes never change once written.
 */
public enum AuditAction {
    ADMIN_CHECK("admin.check"),
    ADMIN_CONNECTION_TESTED("admin.connection_tested"),
    ADMIN_FIRST_ACCOUNT("admin.first_account"),
    ADMIN_LOGIN("admin.login"),
    ADMIN_LOGIN_FAILED("admin.login_failed"),
    ADMIN_LOGIN_THROTTLED("admin.login_throttled"),
    ADMIN_LOGOUT("admin.logout"),
    ADMIN_NOTIFICATION_REPLAY("admin.notification_replay"),
    ADMIN_RECONCILE("admin.reconcile"),
    ADMIN_SETUP_LINK_REFUSED("admin.setup_link_refused"),
    ADMIN_TEST_PAYMENT("admin.test_payment"),

    API_KEY_CREATED("api_key.created"),
    API_KEY_REVOKED("api_key.revoked"),

    CHECKOUT_BACK("checkout.back"),
    CHECKOUT_CREATE_FAILED("checkout.create_failed"),
    CHECKOUT_CREATE_UNCERTAIN("checkout.create_uncertain"),
    CHECKOUT_CREATED("checkout.created"),
    CHECKOUT_ERROR("checkout.error"),
    CHECKOUT_PAYER_REJECTED("checkout.payer_rejected"),
    CHECKOUT_REUSED("checkout.reused"),
    CHECKOUT_STATE_EXPIRED("checkout.state_expired"),

    CONSOLE_USER_CREATED("console_user.created"),
    CONSOLE_USER_DELETED("console_user.deleted"),
    CONSOLE_USER_DISABLED("console_user.disabled"),
    CONSOLE_USER_ENABLED("console_user.enabled"),
    CONSOLE_USER_ROLE_CHANGED("console_user.role_changed"),
    CONSOLE_USER_SUPER_ADMIN_CHANGED("console_user.super_admin_changed"),

    FRAUD_AMOUNT_MISMATCH("fraud.amount_mismatch"),
    FRAUD_BAD_STATE("fraud.bad_state"),
    FRAUD_FLOOD("fraud.flood"),
    FRAUD_FOREIGN_INTENT("fraud.foreign_intent"),
    FRAUD_INTENT_MISMATCH("fraud.intent_mismatch"),
    FRAUD_MANY_FAILURES("fraud.many_failures"),
    FRAUD_MANY_FAILURES_IP("fraud.many_failures_ip"),
    FRAUD_MANY_FAILURES_ORDER("fraud.many_failures_order"),
    FRAUD_METADATA_MISMATCH("fraud.metadata_mismatch"),
    FRAUD_NOTIFICATION_SIGNATURE("fraud.notification_signature"),
    FRAUD_NOTIFICATION_SOURCE("fraud.notification_source"),
    FRAUD_ORGANIZATION_MISMATCH("fraud.organization_mismatch"),
    FRAUD_REFUND_ORDER_MISMATCH("fraud.refund_order_mismatch"),
    FRAUD_REPLAYED_RETURN("fraud.replayed_return"),
    FRAUD_UNKNOWN_ORDER("fraud.unknown_order"),

    FULFILMENT_DEAD("fulfilment.dead"),
    FULFILMENT_DELIVERED("fulfilment.delivered"),
    FULFILMENT_FAILED("fulfilment.failed"),
    FULFILMENT_REDELIVER("fulfilment.redeliver"),

    HELLOASSO_CONNECTION_OK("helloasso.connection_ok"),
    HELLOASSO_MISCONFIGURED("helloasso.misconfigured"),
    HELLOASSO_NOTIFICATION_URL_NOT_REGISTERED("helloasso.notification_url_not_registered"),
    HELLOASSO_NOTIFICATION_URL_REGISTERED("helloasso.notification_url_registered"),

    INSTALMENT_CANCELLED("instalment.cancelled"),
    INSTALMENT_FAILED("instalment.failed"),
    INSTALMENT_PAID("instalment.paid"),

    INSTALMENTS_CANCELLED("instalments.cancelled"),

    MOODLE_ACCOUNT_CREATED("moodle.account_created"),
    MOODLE_CHECK("moodle.check"),
    MOODLE_DEAD("moodle.dead"),
    MOODLE_ENROLLED("moodle.enrolled"),
    MOODLE_FAILED("moodle.failed"),
    MOODLE_HANDLED("moodle.handled"),
    MOODLE_KEPT("moodle.kept"),
    MOODLE_NEEDS_ADMIN("moodle.needs_admin"),
    MOODLE_RETRY("moodle.retry"),
    MOODLE_SETTINGS("moodle.settings"),
    MOODLE_UNENROL_LEFT("moodle.unenrol_left"),
    MOODLE_UNENROLLED("moodle.unenrolled"),

    NOTIFICATION_ORGANIZATION_SLUG_CHANGED("notification.organization_slug_changed"),

    OFFER_ARCHIVED("offer.archived"),
    OFFER_CREATED("offer.created"),
    OFFER_RESTORED("offer.restored"),
    OFFER_UPDATED("offer.updated"),

    ORDER_CANCELLED("order.cancelled"),
    ORDER_CONTESTED("order.contested"),
    ORDER_CREATED("order.created"),
    ORDER_EXPIRED("order.expired"),
    ORDER_FAILED("order.failed"),
    ORDER_PAID("order.paid"),
    ORDER_PARTIALLY_REFUNDED("order.partially_refunded"),
    ORDER_REFUNDED("order.refunded"),

    ORGANIZATION_LINK_FAILED("organization.link_failed"),
    ORGANIZATION_LINK_REFUSED("organization.link_refused"),
    ORGANIZATION_LINKED("organization.linked"),
    ORGANIZATION_UNLINKED("organization.unlinked"),

    PAYMENT_AFTER_CANCEL("payment.after_cancel"),
    PAYMENT_AWAITING_BANK("payment.awaiting_bank"),
    PAYMENT_DUPLICATE("payment.duplicate"),
    PAYMENT_REFUSED("payment.refused"),
    PAYMENT_VERIFIED("payment.verified"),
    PAYMENT_VERIFY("payment.verify"),

    REFUND_FAILED("refund.failed"),
    REFUND_INSTALMENTS_CANCEL_REFUSED("refund.instalments_cancel_refused"),
    REFUND_NEEDS_MFA("refund.needs_mfa"),
    REFUND_OBSERVED("refund.observed"),
    REFUND_REQUESTED("refund.requested"),
    REFUND_SETTLED("refund.settled"),
    REFUND_SUCCEEDED("refund.succeeded"),
    REFUND_UNAVAILABLE("refund.unavailable"),
    REFUND_UNCERTAIN("refund.uncertain"),

    WEBHOOK_DEAD("webhook.dead"),
    WEBHOOK_DELIVERED("webhook.delivered"),
    WEBHOOK_ENDPOINT_ADDED("webhook.endpoint_added"),
    WEBHOOK_ENDPOINT_REMOVED("webhook.endpoint_removed"),
    WEBHOOK_FAILED("webhook.failed"),
    WEBHOOK_REDELIVER("webhook.redeliver");

    private static final Map<String, AuditAction> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toMap(AuditAction::code, Function.identity()));

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The action of a code built from another vocabulary (an order or instalment status); unknown codes are a bug. */
    public static AuditAction of(String code) {
        AuditAction action = BY_CODE.get(code);
        if (action == null) {
            throw new IllegalArgumentException("No audit action " + code);
        }
        return action;
    }
}
