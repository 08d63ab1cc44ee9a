package org.passerelle.gateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.LimitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The append-only audit log. It joins the caller's transaction (so a PAID transition and its event commit together)
 * and raises a fraud signal when failures pile up from one IP or on one order. Only what payers and HelloAsso do
 * counts: a host application that is down (failed webhooks, Moodle enrolments, fulfilment retries) or a refund
 * HelloAsso refuses says nothing about fraud.
 *
 * <p>What clients cause cannot grow it without bound: failures a client address causes (bad links, forged returns,
 * failed logins…) are recorded up to {@code passerelle.limits.audit-failures-per-address} per address and per order
 * in each audit window, and those without an order (anonymous) up to {@code audit-anonymous-failures} for all
 * addresses together; beyond, one {@code fraud.flood} event per address and window says that more were left out.
 * What admins and the system record is never left out. Anonymous failures are purged after
 * {@code passerelle.limits.keep-anonymous-failures} (retention).
 */
@Component
public class AuditLog {

    public static final AuditAction MANY_FAILURES_FROM_IP = AuditAction.FRAUD_MANY_FAILURES_IP;
    public static final AuditAction MANY_FAILURES_ON_ORDER = AuditAction.FRAUD_MANY_FAILURES_ORDER;

    /** Failures of Passerelle's own deliveries and refunds (audit action prefixes). */
    private static final List<String> NOT_FRAUD_SIGNALS = List.of("fulfilment.", "webhook.", "moodle.", "refund.");

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    public static final AuditAction FLOOD = AuditAction.FRAUD_FLOOD;

    private final JdbcClient jdbc;
    private final UtcClock clock;
    private final PasserelleProperties.Fraud fraud;
    private final AddressLimits limits;
    private final LimitProperties allowances;

    public AuditLog(JdbcClient jdbc, UtcClock clock, PasserelleProperties properties, AddressLimits limits,
            LimitProperties allowances) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.fraud = properties.fraud();
        this.limits = limits;
        this.allowances = allowances;
    }

    public void record(AuditEvent event) {
        OffsetDateTime now = clock.now();
        if (!admitted(event, now)) {
            return;
        }
        insert(event, now);
        if (event.outcome() == Outcome.FRAUD_DETECTED) {
            log.warn("Fraud signal {} on order {} from {}: {}", event.action(), event.orderId(), event.clientIp(), event.message());
        }
        if (event.outcome().isFailure() && !event.action().startsWith("fraud.many_failures")
                && NOT_FRAUD_SIGNALS.stream().noneMatch(event.action()::startsWith)) {
            watchRepeatedFailures(event, now);
        }
    }

    /**
     * Failures caused by a client (an address, and no authenticated admin behind it) within their allowances; the
     * first one left out in a window records a {@link #FLOOD} event instead.
     */
    private boolean admitted(AuditEvent event, OffsetDateTime now) {
        boolean byAdmin = event.actor() != null && !event.action().startsWith("admin.login");
        if (!event.outcome().isFailure() || event.clientIp() == null || byAdmin) {
            return true;
        }
        int allowance = allowances.auditFailuresPerAddress();
        boolean admitted = limits.tryAcquire(AddressLimits.Kind.AUDIT_FAILURE, event.clientIp())
                && (event.orderId() == null
                        ? limits.tryAcquire("audit-anonymous", allowances.auditAnonymousFailures(), allowances.auditWindow())
                        : limits.tryAcquire("audit-order|" + event.orderId(), allowance, allowances.auditWindow()));
        if (!admitted && limits.tryAcquire("audit-flood|" + event.clientIp(), 1, allowances.auditWindow())
                && limits.tryAcquire("audit-anonymous", allowances.auditAnonymousFailures(), allowances.auditWindow())) {
            insert(AuditEvent.fraud(null, FLOOD).clientIp(event.clientIp()).message("Too many failures from this "
                    + "address: the next ones (starting with " + event.action() + ") are not recorded for "
                    + allowances.auditWindow()), now);
            log.warn("Fraud signal {}: failures from {} are no longer recorded for {}", FLOOD.code(), event.clientIp(),
                    allowances.auditWindow());
        }
        return admitted;
    }

    /** Deletes anonymous failures (no order, no admin) recorded before {@code before}; returns how many. */
    public int purgeAnonymousFailuresBefore(OffsetDateTime before) {
        return jdbc.sql("""
                DELETE FROM audit_events WHERE order_id IS NULL AND outcome IN ('error', 'fraud_detected')
                    AND client_ip IS NOT NULL AND created_at < :before
                    AND (actor IS NULL OR action LIKE 'admin.login%')
                """)
                .param("before", before).update();
    }

    /** See {@link AuditRetention#purgeRoutineBefore}. */
    public int purgeRoutineBefore(OffsetDateTime before) {
        return new AuditRetention(jdbc).purgeRoutineBefore(before);
    }

    public List<AuditEvent> forOrder(String orderId) {
        return jdbc.sql("SELECT * FROM audit_events WHERE order_id = :order ORDER BY id")
                .param("order", orderId).query(AuditLog::map).list();
    }

    /** Signals once, when the count reaches the threshold, so one burst gives one event. */
    private void watchRepeatedFailures(AuditEvent event, OffsetDateTime now) {
        OffsetDateTime since = now.minus(fraud.failureWindow());
        if (event.clientIp() != null) {
            long fromIp = countFailures("client_ip", event.clientIp(), since);
            if (fromIp == fraud.failureThreshold()) {
                insert(AuditEvent.fraud(event.orderId(), MANY_FAILURES_FROM_IP).clientIp(event.clientIp())
                        .message(fromIp + " failures from this IP within " + fraud.failureWindow()), now);
                log.warn("Fraud signal {}: {} failures from {}", MANY_FAILURES_FROM_IP.code(), fromIp, event.clientIp());
            }
        }
        if (event.orderId() != null) {
            long onOrder = countFailures("order_id", event.orderId(), since);
            if (onOrder == fraud.failureThreshold()) {
                insert(AuditEvent.fraud(event.orderId(), MANY_FAILURES_ON_ORDER).clientIp(event.clientIp())
                        .message(onOrder + " failures on this order within " + fraud.failureWindow()), now);
                log.warn("Fraud signal {}: {} failures on order {}", MANY_FAILURES_ON_ORDER.code(), onOrder, event.orderId());
            }
        }
    }

    private long countFailures(String column, String value, OffsetDateTime since) {
        // column is one of two constants above, never user input
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE " + column + " = :value AND created_at >= :since"
                        + " AND outcome IN ('error', 'fraud_detected') AND action NOT LIKE 'fraud.many_failures%'"
                        + NOT_FRAUD_SIGNALS.stream().map(p -> " AND action NOT LIKE '" + p + "%'").reduce("", String::concat))
                .param("value", value).param("since", since).query(Long.class).single();
    }

    private void insert(AuditEvent event, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO audit_events (order_id, action, outcome, amount, helloasso_reference, message, http_status,
                    client_ip, actor, created_at)
                VALUES (:order, :action, :outcome, :amount, :reference, :message, :http, :ip, :actor, :now)
                """)
                .param("order", event.orderId())
                .param("action", event.action())
                .param("outcome", event.outcome().value())
                .param("amount", event.amount())
                .param("reference", event.helloassoReference())
                .param("message", event.message())
                .param("http", event.httpStatus())
                .param("ip", event.clientIp())
                .param("actor", event.actor())
                .param("now", now)
                .update();
    }

    public static AuditEvent map(ResultSet rs, int row) throws SQLException {
        Integer amount = rs.getObject("amount") == null ? null : rs.getInt("amount");
        Integer http = rs.getObject("http_status") == null ? null : rs.getInt("http_status");
        return new AuditEvent(rs.getLong("id"), rs.getString("order_id"), rs.getString("action"),
                Outcome.of(rs.getString("outcome")), amount, rs.getString("helloasso_reference"),
                rs.getString("message"), http, rs.getString("client_ip"),
                rs.getString("actor"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
