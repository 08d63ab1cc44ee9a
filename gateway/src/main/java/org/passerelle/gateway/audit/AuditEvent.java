package org.passerelle.gateway.audit;

import java.time.OffsetDateTime;

/**
 * One audited fact: an order (when known), what was done, how it ended, and the context. Built fluently:
 * {@code AuditEvent.success(orderId, AuditAction.CHECKOUT_CREATED).amount(1500).reference("intent 42")}.
 */
public record AuditEvent(
        Long id,
        String orderId,
        String action,
        Outcome outcome,
        Integer amount,
        String helloassoReference,
        String message,
        Integer httpStatus,
        String clientIp,
        /* Who did it, for admin actions (the admin's user name); null for the payer and the system. */
        String actor,
        OffsetDateTime createdAt) {

    public static AuditEvent of(String orderId, AuditAction action, Outcome outcome) {
        return new AuditEvent(null, orderId, action.code(), outcome, null, null, null, null, null, null, null);
    }

    public static AuditEvent success(String orderId, AuditAction action) {
        return of(orderId, action, Outcome.SUCCESS);
    }

    public static AuditEvent error(String orderId, AuditAction action) {
        return of(orderId, action, Outcome.ERROR);
    }

    public static AuditEvent cancelled(String orderId, AuditAction action) {
        return of(orderId, action, Outcome.CANCELLED);
    }

    public static AuditEvent fraud(String orderId, AuditAction action) {
        return of(orderId, action, Outcome.FRAUD_DETECTED);
    }

    public AuditEvent amount(Integer cents) {
        return new AuditEvent(id, orderId, action, outcome, cents, helloassoReference, message, httpStatus, clientIp, actor, createdAt);
    }

    public AuditEvent reference(String reference) {
        return new AuditEvent(id, orderId, action, outcome, amount, reference, message, httpStatus, clientIp, actor, createdAt);
    }

    public AuditEvent message(String text) {
        String bounded = text != null && text.length() > 2000 ? text.substring(0, 2000) : text;
        return new AuditEvent(id, orderId, action, outcome, amount, helloassoReference, bounded, httpStatus, clientIp, actor, createdAt);
    }

    public AuditEvent httpStatus(Integer status) {
        return new AuditEvent(id, orderId, action, outcome, amount, helloassoReference, message, status, clientIp, actor, createdAt);
    }

    public AuditEvent actor(String name) {
        String bounded = name != null && name.length() > 100 ? name.substring(0, 100) : name;
        return new AuditEvent(id, orderId, action, outcome, amount, helloassoReference, message, httpStatus, clientIp, bounded, createdAt);
    }

    public AuditEvent clientIp(String ip) {
        return new AuditEvent(id, orderId, action, outcome, amount, helloassoReference, message, httpStatus, ip, actor, createdAt);
    }
}
