package org.passerelle.gateway.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.notification.InboxEntry.Status;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.CheckoutIntentRepository.StoredIntent;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.payment.HelloAssoState;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.work.RetryPolicy;
import org.passerelle.helloasso.notification.FormNotification;
import org.passerelle.helloasso.notification.HelloAssoNotifications;
import org.passerelle.helloasso.notification.MalformedNotificationException;
import org.passerelle.helloasso.notification.Notification;
import org.passerelle.helloasso.notification.NotificationSignature;
import org.passerelle.helloasso.notification.OrderNotification;
import org.passerelle.helloasso.notification.OrganizationNotification;
import org.passerelle.helloasso.notification.PaymentNotification;
import org.passerelle.helloasso.notification.UnknownNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * HelloAsso's notifications: stored first (raw body and headers, once per body), answered at once, processed after
 * on a virtual thread (and by a periodic sweep for anything left behind). A notification is only a hint: it names
 * an order (by checkoutIntentId or metadata), and the {@link PaymentVerifier} reads that order's intent back from
 * HelloAsso and decides. Nothing in the payload is trusted: what it claims only decides whether HelloAsso must be read
 * again (an order already verified at exactly the state the notification shows is not).
 */
@Service
public class NotificationService {

    /** How a receipt ended, for the HTTP answer. */
    public enum Receipt { ACCEPTED, DUPLICATE, BAD_SIGNATURE, MALFORMED }

    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationInbox inbox;
    private final NotificationSecrets secrets;
    private final CheckoutIntentRepository intents;
    private final OrderRepository orders;
    private final PaymentVerifier verifier;
    private final AuditLog audit;
    private final UtcClock clock;

    private final org.springframework.beans.factory.ObjectProvider<OtherSignatureKeys> otherKeys;

    public NotificationService(NotificationInbox inbox, NotificationSecrets secrets, CheckoutIntentRepository intents,
            OrderRepository orders, PaymentVerifier verifier, AuditLog audit, UtcClock clock,
            org.springframework.beans.factory.ObjectProvider<OtherSignatureKeys> otherKeys) {
        this.otherKeys = otherKeys;
        this.inbox = inbox;
        this.secrets = secrets;
        this.intents = intents;
        this.orders = orders;
        this.verifier = verifier;
        this.audit = audit;
        this.clock = clock;
        inbox.queue().workWith(this::process);
    }

    /** Stores a notification as received (already committed when this returns) and starts processing it. */
    public Receipt receive(byte[] body, String headers, String signature, String clientIp) {
        String text = new String(body, StandardCharsets.UTF_8);
        String hash = sha256(body);
        if (!signatureValid(body, signature)) {
            inbox.store(hash, text, headers, clientIp, null, Status.REJECTED, "x-ha-signature missing or wrong", clock.now());
            audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_NOTIFICATION_SIGNATURE).clientIp(clientIp)
                    .message("Notification with a missing or wrong x-ha-signature: kept, not processed"));
            return Receipt.BAD_SIGNATURE;
        }
        Notification notification;
        try {
            notification = HelloAssoNotifications.parse(body);
        } catch (MalformedNotificationException e) {
            inbox.store(hash, text, headers, clientIp, null, Status.MALFORMED, e.getMessage(), clock.now());
            log.warn("Malformed notification from {} kept for inspection: {}", clientIp, e.getMessage());
            return Receipt.MALFORMED;
        }
        NotificationInbox.Stored stored = inbox.store(hash, text, headers, clientIp, eventType(notification),
                Status.RECEIVED, null, clock.now());
        if (!stored.isNew()) {
            return Receipt.DUPLICATE;
        }
        inbox.queue().kick(stored.id());
        return Receipt.ACCEPTED;
    }

    /** Anything received and left behind, or due again after HelloAsso was unavailable. */
    @Scheduled(fixedDelayString = "${passerelle.notifications.sweep-interval:10s}",
            initialDelayString = "${passerelle.notifications.sweep-interval:10s}")
    public void sweep() {
        inbox.queue().sweep();
    }

    /**
     * Processes an entry again, whatever became of it (admin console): a rejected one only if its signature is now
     * valid (e.g. the signature key was fixed), a malformed one only if it now parses. Returns the entry afterwards.
     */
    public Optional<InboxEntry> reprocess(long id) {
        Optional<InboxEntry> found = inbox.find(id);
        if (found.isEmpty()) {
            return found;
        }
        InboxEntry entry = found.get();
        byte[] body = entry.body().getBytes(StandardCharsets.UTF_8);
        if (!signatureValid(body, entry.header(NotificationSignature.HEADER))) {
            inbox.requeue(id, Status.REJECTED, "x-ha-signature missing or wrong (checked again)");
            return inbox.find(id);
        }
        try {
            HelloAssoNotifications.parse(body);
        } catch (MalformedNotificationException e) {
            inbox.requeue(id, Status.MALFORMED, e.getMessage());
            return inbox.find(id);
        }
        if (inbox.requeue(id, Status.RECEIVED, null)) {
            inbox.queue().attemptNow(id);
        }
        return inbox.find(id);
    }

    /** Processes one claimed entry; a HelloAsso outage leaves it for a later attempt, until the schedule is used up. */
    private boolean process(long id) {
        InboxEntry entry = inbox.find(id).orElseThrow();
        Result result;
        try {
            result = handle(HelloAssoNotifications.parse(entry.body().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            log.warn("Notification {} could not be processed: {}", id, e.toString());
            result = new Result(Status.RETRY, null, "processing failed: " + e.getClass().getSimpleName());
        }
        OffsetDateTime next = null;
        Status status = result.status();
        String outcome = result.outcome();
        if (status == Status.RETRY) {
            RetryPolicy.Failure failure = inbox.queue().failed(entry.attempts());
            if (failure.dead()) {
                status = Status.IGNORED;
                outcome = outcome + "; gave up after " + entry.attempts() + " attempts (the reconciliation settles the order)";
            } else {
                next = failure.next();
            }
        }
        inbox.finish(id, status, result.orderId(), outcome, next);
        return status != Status.RETRY;
    }

    private record Result(Status status, String orderId, String outcome) {
    }

    private Result handle(Notification notification) {
        return switch (notification) {
            case PaymentNotification payment -> verify(
                    payment.data().order() == null ? null : payment.data().order().checkoutIntentId(),
                    payment.metadata(), HelloAssoState.of(payment.data()), "Payment " + payment.data().id());
            case OrderNotification order -> verify(order.data().checkoutIntentId(), order.metadata(),
                    HelloAssoState.of(order.data()), "Order " + order.data().id());
            case OrganizationNotification slug -> {
                log.warn("HelloAsso reports that the organization slug changed from '{}' to '{}': update"
                        + " passerelle.helloasso.organization", slug.oldSlug(), slug.newSlug());
                audit.record(AuditEvent.error(null, AuditAction.NOTIFICATION_ORGANIZATION_SLUG_CHANGED)
                        .message("HelloAsso reports the organization slug changed from '" + slug.oldSlug() + "' to '"
                                + slug.newSlug() + "': set passerelle.helloasso.organization to the new slug"));
                yield new Result(Status.PROCESSED, null, "organization slug changed: admin warned");
            }
            case FormNotification form -> new Result(Status.IGNORED, null, "Form notification: nothing to do");
            case UnknownNotification unknown -> new Result(Status.IGNORED, null,
                    "unknown event type '" + unknown.eventType() + "'");
        };
    }

    /**
     * The payload only names the order, and says what it claims HelloAsso shows: the verifier reads the intent back
     * and decides, unless the order was already verified at that very state.
     */
    private Result verify(Long intentId, Map<String, Object> metadata, Set<String> claimed, String what) {
        Object named = metadata == null ? null : metadata.get(PaymentVerifier.METADATA_ORDER_ID);
        Optional<StoredIntent> stored = intentId == null ? Optional.empty() : intents.find(intentId);
        String orderId = stored.map(StoredIntent::orderId)
                .orElse(named instanceof String id && orders.find(id).isPresent() ? id : null);
        if (orderId == null) {
            log.info("{} notification for checkout intent {}: not started by Passerelle, ignored", what, intentId);
            return new Result(Status.IGNORED, null, what + ": checkout intent " + intentId + " was not created by Passerelle");
        }
        if (intentId == null) {
            return new Result(Status.IGNORED, orderId, what + " without a checkoutIntentId");
        }
        Verification verification = verifier.verifyNotified(orderId, intentId, claimed);
        if (verification == Verification.UNAVAILABLE) {
            return new Result(Status.RETRY, orderId, what + ": HelloAsso unavailable");
        }
        return new Result(Status.PROCESSED, orderId, what + ": " + verification);
    }

    private boolean signatureValid(byte[] body, String signature) {
        String key = secrets.signatureKey();
        return key == null || NotificationSignature.verify(body, signature, key)
                || otherKeys.orderedStream().flatMap(other -> other.signatureKeys().stream())
                        .anyMatch(other -> NotificationSignature.verify(body, signature, other));
    }

    private static String eventType(Notification notification) {
        return switch (notification) {
            case PaymentNotification p -> "Payment";
            case OrderNotification o -> "Order";
            case FormNotification f -> "Form";
            case OrganizationNotification o -> "Organization";
            case UnknownNotification u -> u.eventType().length() > 40 ? u.eventType().substring(0, 40) : u.eventType();
        };
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
