package org.passerelle.gateway.payment;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.fulfilment.FulfilmentDispatcher;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.OrganizationClients.OrganizationClient;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.NotFoundException;
import org.passerelle.helloasso.model.CheckoutIntent;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one verification every path uses (return page, notifications, poller, manual check). It trusts nothing it is
 * told: it reads the checkout intent back from HelloAsso, with the account of the order's organization
 * ({@link OrganizationClients}), and requires that the intent is one this order created, in that organization, with this order's id in its metadata, the order's own amount, and an Authorized
 * payment of the first term. Only then does one compare-and-set make the order PAID, in the same transaction as its
 * fulfilment outbox row and audit event. Verifying a paid order again never pays it twice; what HelloAsso shows
 * after the payment (later terms, refunds, disputes) goes to the {@link PaymentObserver}s.
 *
 * <p>Verifications of one order run one at a time in this process, and what HelloAsso showed of a paid order is
 * recorded ({@link HelloAssoState}): a notification that shows nothing more than that (the Payment and Order
 * notifications of a payment already verified through the return page, or of each other) costs no HelloAsso call.
 */
@Service
public class PaymentVerifier {

    private static final Logger log = LoggerFactory.getLogger(PaymentVerifier.class);

    public static final String METADATA_ORDER_ID = "passerelleOrderId";

    private final OrganizationClients clients;
    private final OrderRepository orders;
    private final CheckoutIntentRepository intents;
    private final FulfilmentDispatcher fulfilment;
    private final FulfilmentOutbox outbox;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final ObjectProvider<PaymentObserver> observers;
    /**
     * One verification of an order at a time (by stripe; two orders share one about once in a thousand): the second
     * one finds the first one's result recorded instead of asking HelloAsso again.
     */
    private final ReentrantLock[] stripes = new ReentrantLock[1024];

    public PaymentVerifier(OrganizationClients clients, OrderRepository orders,
            CheckoutIntentRepository intents, FulfilmentDispatcher fulfilment, FulfilmentOutbox outbox, AuditLog audit,
            TransactionTemplate transaction, UtcClock clock, ObjectProvider<PaymentObserver> observers) {
        this.clients = clients;
        this.orders = orders;
        this.intents = intents;
        this.fulfilment = fulfilment;
        this.outbox = outbox;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.observers = observers;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Verifies the order's current checkout intent. */
    public Verification verify(String orderId, VerificationSource source, String clientIp) {
        Optional<Order> order = orders.find(orderId);
        if (order.isEmpty() || order.get().checkoutIntentId() == null) {
            return Verification.NOTHING_TO_VERIFY;
        }
        return verify(orderId, order.get().checkoutIntentId(), source, clientIp);
    }

    /**
     * Verifies one checkout intent of the order by reading it back from HelloAsso. Whatever the caller was told (a
     * return URL's {@code code=refused} or {@code code=succeeded}) counts for nothing: only what HelloAsso shows
     * changes the order (a payment still waiting for bank validation shows none yet, and the order stays PENDING).
     */
    public Verification verify(String orderId, long intentId, VerificationSource source, String clientIp) {
        return oneAtATime(orderId, () -> readAndDecide(orderId, intentId, source, clientIp, false, null));
    }

    /**
     * A HelloAsso notification about this intent, claiming the given facts ({@link HelloAssoState}): when the order
     * is already paid through this intent and every fact was recorded at its last verification, nothing can have
     * changed and HelloAsso is not asked (ALREADY_PAID). Anything else (not paid yet, a new state, a refund, another
     * payment or amount) is read back and decided as {@link #verify(String, long, VerificationSource, String)} does:
     * the notification itself never changes anything.
     */
    public Verification verifyNotified(String orderId, long intentId, Set<String> claimed) {
        return oneAtATime(orderId, () -> {
            Order order = orders.find(orderId).orElse(null);
            if (order != null && order.status().hasBeenPaid() && Objects.equals(order.checkoutIntentId(), intentId)
                    && HelloAssoState.parse(intents.verifiedState(intentId)).containsAll(claimed)) {
                return Verification.ALREADY_PAID;
            }
            // HelloAsso shows a payment waiting for the bank on the intent only once authorized: the order the
            // notification names is read back instead (never believed as told)
            return readAndDecide(orderId, intentId, VerificationSource.NOTIFICATION, null, false,
                    HelloAssoState.orderId(claimed));
        });
    }

    /**
     * Like {@link #verify(String, long, VerificationSource, String)}, for a checkout the payer abandoned:
     * when HelloAsso shows no payment at all on the intent (still the order's current one, order still PENDING), the
     * order becomes EXPIRED with its {@code order.expired} event, in one transaction. A payment turning up later still
     * makes it PAID.
     */
    public Verification verifyOrExpire(String orderId, long intentId, VerificationSource source) {
        return oneAtATime(orderId, () -> readAndDecide(orderId, intentId, source, null, true, null));
    }

    /**
     * Verifies with a HelloAsso order the caller has already fetched through the API (the reconciliation's listing of
     * the organization's orders), so no second read is needed. Same rules as a read-back: the listed order's
     * checkoutIntentId must be an intent created for this order (which is what ties it to this order: a listed order
     * carries no metadata), then organization, intent, amount and an Authorized first-term payment.
     */
    public Verification verifyListed(String orderId, org.passerelle.helloasso.model.Order listed,
            VerificationSource source) {
        if (listed == null || listed.checkoutIntentId() == null) {
            return Verification.NOTHING_TO_VERIFY;
        }
        long intentId = listed.checkoutIntentId();
        return oneAtATime(orderId, () -> {
            Order order = orders.find(orderId).orElse(null);
            Verification early = precheck(order, intentId, source, null);
            if (early != null) {
                return early;
            }
            return decide(order, intentId, Evidence.listed(listed), source, null, false);
        });
    }

    private Verification oneAtATime(String orderId, Supplier<Verification> verification) {
        ReentrantLock lock = stripes[Math.floorMod(orderId.hashCode(), stripes.length)];
        lock.lock();
        try {
            return verification.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the intent back and decides. HelloAsso shows the intent's order only once its payment is authorized: when
     * it shows none, the HelloAsso order a notification named ({@code namedOrderId}), or the one already read back
     * waiting for the bank, is read back too, so that a payment in the bank's hands (and its refusal) is seen.
     */
    private Verification readAndDecide(String orderId, long intentId, VerificationSource source, String clientIp,
            boolean expireIfUnpaid, Long namedOrderId) {
        Order order = orders.find(orderId).orElse(null);
        Verification early = precheck(order, intentId, source, clientIp);
        if (early != null) {
            return early;
        }
        OrganizationClient organization = clients.forOrganization(order.organizationSlug());
        CheckoutIntent intent;
        try {
            intent = organization.client().checkoutIntents().get(organization.organizationSlug(), intentId);
        } catch (HelloAssoException e) {
            Integer status = e instanceof HelloAssoApiException api ? api.statusCode() : null;
            audit.record(AuditEvent.error(orderId, AuditAction.PAYMENT_VERIFY).reference("intent " + intentId).httpStatus(status)
                    .clientIp(clientIp).message("HelloAsso could not be asked (" + source.tag() + "): "
                            + e.getClass().getSimpleName()));
            return Verification.UNAVAILABLE;
        }
        Evidence evidence = Evidence.read(intent);
        Long hidden = intent.order() != null ? null
                : namedOrderId != null ? namedOrderId : intents.awaitingBankOrderId(intentId);
        if (hidden != null) {
            org.passerelle.helloasso.model.Order read;
            try {
                read = organization.client().orders().get(hidden);
            } catch (NotFoundException e) {
                read = null;
            } catch (HelloAssoException e) {
                Integer status = e instanceof HelloAssoApiException api ? api.statusCode() : null;
                audit.record(AuditEvent.error(orderId, AuditAction.PAYMENT_VERIFY).reference("order " + hidden).httpStatus(status)
                        .clientIp(clientIp).message("HelloAsso could not be asked (" + source.tag() + "): "
                                + e.getClass().getSimpleName()));
                return Verification.UNAVAILABLE;
            }
            // only an order of this very checkout is evidence (a notification may name anything)
            if (read != null && Objects.equals(read.checkoutIntentId(), intentId)) {
                evidence = evidence.withOrder(read);
            }
        }
        return decide(order, intentId, evidence, source, clientIp, expireIfUnpaid);
    }

    /** What every path checks before asking HelloAsso anything; null when HelloAsso must be asked. */
    private Verification precheck(Order order, long intentId, VerificationSource source, String clientIp) {
        if (order == null) {
            return Verification.NOTHING_TO_VERIFY;
        }
        if (order.status().hasBeenPaid() && Objects.equals(order.checkoutIntentId(), intentId)
                && !source.followsPaidOrders()) {
            return Verification.ALREADY_PAID;
        }
        if (intents.find(order.id(), intentId).isEmpty()) {
            fraud(order, AuditAction.FRAUD_FOREIGN_INTENT, clientIp, intentId,
                    "Checkout intent " + intentId + " was not created for this order (" + source.tag() + ")");
            return Verification.MISMATCH;
        }
        return null;
    }

    /** The one rule set, whatever the evidence came from. */
    private Verification decide(Order order, long intentId, Evidence evidence, VerificationSource source,
            String clientIp, boolean expireIfUnpaid) {
        String orderId = order.id();
        AuditAction mismatch = mismatch(order, intentId, evidence);
        if (mismatch != null) {
            fraud(order, mismatch, clientIp, intentId, describe(mismatch, order, intentId, evidence) + " (" + source.tag() + ")");
            return Verification.MISMATCH;
        }
        if (order.status().hasBeenPaid() && Objects.equals(order.checkoutIntentId(), intentId)) {
            observe(order, intentId, evidence.order(), source);
            return Verification.ALREADY_PAID;
        }

        // Authorized, or already refunded or disputed when the news comes late (notifications held back, the payer gone):
        // the money was taken, so the order was paid; the observers then see the refund or the dispute.
        Optional<Payment> authorized = firstTermPayment(evidence.order(), PaymentState.AUTHORIZED)
                .or(() -> firstTermPayment(evidence.order(), PaymentState.REFUNDING))
                .or(() -> firstTermPayment(evidence.order(), PaymentState.REFUNDED))
                .or(() -> firstTermPayment(evidence.order(), PaymentState.CONTESTED));
        if (authorized.isEmpty()) {
            // only a Refused payment HelloAsso shows fails the order, never what the payer's browser was told
            if (firstTermPayment(evidence.order(), PaymentState.REFUSED).isPresent()) {
                transaction.executeWithoutResult(tx -> {
                    if (orders.markFailed(orderId, intentId, clock.now())) {
                        // keyed by intent: each refused checkout of the order is its own event for host applications
                        fulfilment.enqueue(orderId, EventType.ORDER_FAILED, "intent " + intentId);
                        audit.record(AuditEvent.error(orderId, AuditAction.PAYMENT_REFUSED).amount(order.amount())
                                .reference("intent " + intentId).clientIp(clientIp)
                                .message("Payment refused (" + source.tag() + ")"));
                    }
                });
                return Verification.REFUSED;
            }
            // in the bank's hands: no payment yet, nor a reason to pay again (the payer's page says so)
            Optional<Payment> atBank = firstTermPayment(evidence.order(), PaymentState.WAITING_BANK_VALIDATION)
                    .or(() -> firstTermPayment(evidence.order(), PaymentState.WAITING_BANK_WITHDRAW));
            if (atBank.isPresent()) {
                awaitingBank(order, intentId, evidence.order(), atBank.get(), source, clientIp);
                return Verification.PENDING;
            }
            // a payment seen waiting for the bank and not shown since is not an abandoned checkout
            if (expireIfUnpaid && evidence.order() == null && !order.awaitingBank() && expire(order, intentId, source)) {
                return Verification.EXPIRED;
            }
            return Verification.PENDING;
        }
        if (authorized.get().amount() != order.initialAmount()) {
            fraud(order, AuditAction.FRAUD_AMOUNT_MISMATCH, clientIp, intentId, "Authorized payment of "
                    + authorized.get().amount() + " cents for an order whose first term is " + order.initialAmount());
            return Verification.MISMATCH;
        }
        if (order.status() == OrderStatus.PAID) {
            // a second checkout of the same order was paid too (two tabs): the money was taken twice
            duplicate(order, intentId, evidence.order(), authorized.get(), clientIp);
            return Verification.ALREADY_PAID;
        }
        return markPaid(order, intentId, evidence.order(), authorized.get(), source, clientIp);
    }

    /** Recorded once per checkout, with the HelloAsso order to read back until the bank answers. */
    private void awaitingBank(Order order, long intentId, org.passerelle.helloasso.model.Order read, Payment payment,
            VerificationSource source, String clientIp) {
        transaction.executeWithoutResult(tx -> {
            if (orders.markAwaitingBank(order.id(), intentId, clock.now())) {
                intents.recordAwaitingBankOrderId(intentId, read.id());
                audit.record(AuditEvent.success(order.id(), AuditAction.PAYMENT_AWAITING_BANK).amount(payment.amount())
                        .reference("order " + read.id() + " payment " + payment.id()).clientIp(clientIp)
                        .message("Payment " + payment.state().wireValue() + " at HelloAsso (" + source.tag() + ")"));
            }
        });
    }

    /** PENDING → EXPIRED on this intent, with the event for host applications (told once per order). */
    private boolean expire(Order order, long intentId, VerificationSource source) {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            if (!orders.markExpired(order.id(), intentId, clock.now())) {
                return false;
            }
            if (outbox.forOrder(order.id()).stream().noneMatch(e -> e.event().equals(EventType.ORDER_EXPIRED))) {
                fulfilment.enqueue(order.id(), EventType.ORDER_EXPIRED);
            }
            audit.record(AuditEvent.cancelled(order.id(), AuditAction.ORDER_EXPIRED).amount(order.amount())
                    .reference("intent " + intentId)
                    .message("No payment on HelloAsso after the checkout expired (" + source.tag() + ")"));
            return true;
        }));
    }

    /** Recorded once per HelloAsso payment, so that someone refunds it. */
    private void duplicate(Order order, long intentId, org.passerelle.helloasso.model.Order paid, Payment payment,
            String clientIp) {
        String reference = "order " + paid.id() + " payment " + payment.id();
        boolean known = audit.forOrder(order.id()).stream()
                .anyMatch(e -> e.action().equals("payment.duplicate") && reference.equals(e.helloassoReference()));
        if (!known) {
            audit.record(AuditEvent.error(order.id(), AuditAction.PAYMENT_DUPLICATE).amount(payment.amount()).reference(reference)
                    .clientIp(clientIp).message("Second authorized payment (intent " + intentId
                            + ") for an order already paid through intent " + order.checkoutIntentId() + ": refund it"));
        }
    }

    private Verification markPaid(Order order, long intentId, org.passerelle.helloasso.model.Order paid,
            Payment payment, VerificationSource source, String clientIp) {
        String reference = "order " + paid.id() + " payment " + payment.id();
        Boolean paidNow = transaction.execute(tx -> {
            OffsetDateTime now = clock.now();
            if (!orders.markPaid(order.id(), intentId, paid.id(), payment.id(), payment.paymentReceiptUrl(), now)) {
                return false;
            }
            fulfilment.enqueue(order.id(), EventType.ORDER_PAID);
            audit.record(AuditEvent.success(order.id(), AuditAction.PAYMENT_VERIFIED).amount(order.amount())
                    .reference(reference).clientIp(clientIp).httpStatus(200)
                    .message("Authorized payment verified through the API (" + source.tag() + ")"));
            return true;
        });
        if (Boolean.TRUE.equals(paidNow)) {
            observe(orders.find(order.id()).orElse(order), intentId, paid, source);
            return Verification.PAID;
        }
        Order current = orders.find(order.id()).orElse(null);
        OrderStatus status = current == null ? OrderStatus.CANCELLED : current.status();
        if (status.hasBeenPaid()) {
            // another path (a notification, the poller) paid it a moment ago: its observers may still be running, so
            // this caller's observers see the same HelloAsso order too (they are idempotent) before it answers
            if (Objects.equals(current.checkoutIntentId(), intentId)) {
                observe(current, intentId, paid, source);
            }
            return Verification.ALREADY_PAID;
        }
        // money taken on an order that can no longer be paid (cancelled): someone must refund it
        audit.record(AuditEvent.error(order.id(), AuditAction.PAYMENT_AFTER_CANCEL).amount(payment.amount()).reference(reference)
                .clientIp(clientIp).message("Authorized payment on a " + status + " order: refund it"));
        return Verification.NOTHING_TO_VERIFY;
    }

    /**
     * What HelloAsso showed: a checkout intent read back (its id, metadata and order, null until paid), or an order
     * from a listing (no metadata: {@code metadataKnown} false).
     */
    private record Evidence(Long readIntentId, boolean metadataKnown, Map<String, Object> metadata,
            org.passerelle.helloasso.model.Order order) {

        static Evidence read(CheckoutIntent intent) {
            return new Evidence(intent.id(), true, intent.metadata(), intent.order());
        }

        static Evidence listed(org.passerelle.helloasso.model.Order order) {
            return new Evidence(null, false, null, order);
        }

        /** The intent read back, with its order read back on its own (HelloAsso hides it until authorized). */
        Evidence withOrder(org.passerelle.helloasso.model.Order read) {
            return new Evidence(readIntentId, metadataKnown, metadata, read);
        }
    }

    /** The audit action naming the first check that fails, or null when the evidence is this order's own. */
    private AuditAction mismatch(Order order, long intentId, Evidence evidence) {
        if (evidence.readIntentId() != null && evidence.readIntentId() != intentId) {
            return AuditAction.FRAUD_INTENT_MISMATCH;
        }
        if (evidence.metadataKnown()) {
            Object metadataOrderId = evidence.metadata() == null ? null : evidence.metadata().get(METADATA_ORDER_ID);
            if (!order.id().equals(metadataOrderId)) {
                return AuditAction.FRAUD_METADATA_MISMATCH;
            }
        }
        org.passerelle.helloasso.model.Order paid = evidence.order();
        if (paid == null) {
            return null;
        }
        HelloAssoOwnership.Mismatch ownership = HelloAssoOwnership.check(
                clients.forOrganization(order.organizationSlug()).organizationSlug(), order, intentId, paid);
        if (ownership == HelloAssoOwnership.Mismatch.ORGANIZATION) {
            return AuditAction.FRAUD_ORGANIZATION_MISMATCH;
        }
        if (ownership != null) {
            return AuditAction.FRAUD_INTENT_MISMATCH;
        }
        if (paid.amount() == null || paid.amount().total() != order.amount()) {
            return AuditAction.FRAUD_AMOUNT_MISMATCH;
        }
        return null;
    }

    private static String describe(AuditAction mismatch, Order order, long intentId, Evidence evidence) {
        return switch (mismatch) {
            case FRAUD_METADATA_MISMATCH -> "Intent " + intentId + " metadata names another order";
            case FRAUD_ORGANIZATION_MISMATCH -> "Intent " + intentId + " belongs to organization "
                    + evidence.order().organizationSlug();
            case FRAUD_AMOUNT_MISMATCH -> "HelloAsso order total " + evidence.order().amount().total()
                    + " cents differs from the order's " + order.amount();
            default -> "Intent " + intentId + " does not match the stored intent";
        };
    }

    /** The payment of the first term (instalment 1, or the only payment) in the given state. */
    private static Optional<Payment> firstTermPayment(org.passerelle.helloasso.model.Order paid, PaymentState state) {
        if (paid == null || paid.payments() == null) {
            return Optional.empty();
        }
        List<Payment> payments = paid.payments();
        return payments.stream()
                .filter(p -> p.state() == state)
                .filter(p -> p.installmentNumber() == null || p.installmentNumber() == 1)
                .min(Comparator.comparing(Payment::id));
    }

    /**
     * An observer's failure is its own: the verification stands, and the next read shows the same order again. When
     * every observer has seen it, what HelloAsso showed is recorded: a notification showing no more costs no read.
     */
    private void observe(Order order, long intentId, org.passerelle.helloasso.model.Order paid,
            VerificationSource source) {
        if (paid == null) {
            return;
        }
        boolean allSeen = observers.orderedStream().map(observer -> {
            try {
                observer.observed(order, paid, source);
                return true;
            } catch (RuntimeException e) {
                log.warn("{} failed on order {}: {}", observer.getClass().getSimpleName(), order.id(), e.toString());
                return false;
            }
        }).reduce(true, Boolean::logicalAnd);
        String state = HelloAssoState.format(HelloAssoState.of(paid));
        intents.recordVerifiedState(intentId, allSeen && state.length() <= HelloAssoState.MAX_LENGTH ? state : null);
    }

    private void fraud(Order order, AuditAction action, String clientIp, long intentId, String message) {
        audit.record(AuditEvent.fraud(order.id(), action).amount(order.amount()).reference("intent " + intentId)
                .clientIp(clientIp).message(message));
    }
}
