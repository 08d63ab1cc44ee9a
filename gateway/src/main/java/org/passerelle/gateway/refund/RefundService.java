package org.passerelle.gateway.refund;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.OrganizationClients.OrganizationClient;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.HelloAssoOwnership;
import org.passerelle.helloasso.AuthenticationException;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.HelloAssoNetworkException;
import org.passerelle.helloasso.InvalidRequestException;
import org.passerelle.helloasso.MfaRequiredException;
import org.passerelle.helloasso.RateLimitedException;
import org.passerelle.helloasso.ServerErrorException;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.RefundRequest;
import org.passerelle.helloasso.model.RefundResult;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds and instalment cancellations, for the admin console and the API. HelloAsso has no idempotency key, so a
 * refund is recorded before the call (under the order's row lock, within what was paid), the call is made once, and
 * an answer that was lost leaves the refund UNCERTAIN until a read of the payment settles it.
 */
@Service
public class RefundService {

    /** Where a refund stands after a request: the refunds it made (or tried), and the order afterwards. */
    public record Outcome(Order order, List<Refund> refunds) {

        public boolean allSucceeded() {
            return !refunds.isEmpty() && refunds.stream().allMatch(r -> r.status() == RefundStatus.SUCCEEDED);
        }

        public int refundedNow() {
            return refunds.stream().filter(r -> r.status() == RefundStatus.SUCCEEDED).mapToInt(Refund::amount).sum();
        }
    }

    private static final Pattern CODED = Pattern.compile("Code : \\[([^\\]]+)\\] - (.*)", Pattern.DOTALL);

    private final OrganizationClients clients;
    private final OrderRepository orders;
    private final RefundLedger ledger;
    private final RefundSync sync;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final UtcClock clock;
    private final RefundProperties settings;

    public RefundService(OrganizationClients clients, OrderRepository orders,
            RefundLedger ledger, RefundSync sync, AuditLog audit, TransactionTemplate transaction, UtcClock clock,
            RefundProperties settings) {
        this.clients = clients;
        this.orders = orders;
        this.ledger = ledger;
        this.sync = sync;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.settings = settings;
    }

    public List<Refund> refunds(String orderId) {
        return ledger.forOrder(orderId);
    }

    /**
     * Refunds {@code amount} cents (null: everything left) of the order, or of one of its payments (an instalment)
     * when {@code paymentId} is given; an amount over several payments is taken from the latest first.
     *
     * @throws RefundException when nothing was asked of HelloAsso: not refundable, too much, HelloAsso unreachable
     */
    public Outcome refund(String orderId, Long paymentId, Integer amount, String reason, String actor) {
        if (amount != null && amount <= 0) {
            throw new RefundException("amount", "The amount to refund must be positive");
        }
        Order order = paidOrder(orderId);
        org.passerelle.helloasso.model.Order seen = read(order);
        order = sync.apply(order.id(), seen, "refund").orElse(order);
        if (order.status() == OrderStatus.CONTESTED) {
            throw new RefundException("contested", "The payer disputed a payment of this order with their bank: "
                    + "the dispute is settled in HelloAsso, not by a refund");
        }
        List<Piece> pieces = plan(order, seen, paymentId, amount);
        RefundSync.Picture picture = RefundSync.Picture.of(seen);
        List<Refund> made = new ArrayList<>();
        for (Piece piece : pieces) {
            Refund refund = call(order, piece, picture, reason, actor);
            made.add(refund);
            if (refund.status() != RefundStatus.SUCCEEDED) {
                break; // the rest waits until this one is understood
            }
        }
        return new Outcome(orders.find(orderId).orElseThrow(), made);
    }

    /**
     * Reads the order back from HelloAsso and settles what it shows: uncertain refunds found there succeeded, those
     * still missing {@code passerelle.refunds.settle-after} after the call were not made.
     */
    public Outcome settle(String orderId, String actor) {
        Order order = paidOrder(orderId);
        List<String> before = ledger.forOrder(orderId).stream().filter(r -> r.status().inFlight()).map(Refund::id).toList();
        Order after = sync.apply(orderId, read(order), "settle by " + actor).orElse(order);
        List<Refund> settled = ledger.forOrder(orderId).stream().filter(r -> before.contains(r.id())).toList();
        return new Outcome(after, settled);
    }

    /**
     * Cancels the order's future instalments at HelloAsso (the payer is charged no more), then, if asked, refunds
     * what was paid. The cancellation is read back: after a lost answer the read says whether it happened.
     */
    public Outcome cancelInstalments(String orderId, boolean refundPaid, String reason, String actor) {
        Order order = paidOrder(orderId);
        org.passerelle.helloasso.model.Order seen = read(order);
        if (seen.payments().stream().noneMatch(p -> p.state() == PaymentState.PENDING)) {
            sync.apply(orderId, seen, "cancel-instalments");
            throw new RefundException("no-instalments", "This order has no future instalment left to cancel");
        }
        try {
            organization(order).client().orders().cancel(order.helloassoOrderId());
        } catch (HelloAssoApiException e) {
            if (!(e instanceof ServerErrorException)) {
                audit.record(AuditEvent.error(orderId, AuditAction.REFUND_INSTALMENTS_CANCEL_REFUSED).httpStatus(e.statusCode())
                        .actor(actor).message("HelloAsso refused to cancel the instalments: " + human(e)));
                throw new RefundException("cancel-refused", "HelloAsso refused: " + human(e), human(e));
            }
        } catch (HelloAssoException e) {
            // no answer: the read below tells whether the cancellation was made
        }
        org.passerelle.helloasso.model.Order after = read(order);
        boolean cancelled = after.payments().stream().noneMatch(p -> p.state() == PaymentState.PENDING);
        Order current = sync.apply(orderId, after, "cancel-instalments by " + actor).orElse(order);
        if (!cancelled) {
            throw new RefundException("cancel-uncertain", "HelloAsso did not confirm the cancellation and still shows"
                    + " future instalments: check the order in HelloAsso, then try again");
        }
        audit.record(AuditEvent.success(orderId, AuditAction.INSTALMENTS_CANCELLED).reference("order " + after.id())
                .actor(actor).message("Future instalments cancelled at HelloAsso"
                        + (reason == null || reason.isBlank() ? "" : ": " + reason)));
        if (!refundPaid) {
            return new Outcome(current, List.of());
        }
        return refund(orderId, null, null, reason, actor);
    }

    /** What is left to refund of one payment. */
    private record Piece(Payment payment, int amount, boolean whole) {
    }

    private List<Piece> plan(Order order, org.passerelle.helloasso.model.Order seen, Long paymentId, Integer amount) {
        List<Payment> refundable = seen.payments().stream()
                .filter(p -> p.state() == PaymentState.AUTHORIZED || p.state() == PaymentState.REFUNDING)
                .sorted(Comparator.comparing(RefundSync::instalment).reversed())
                .toList();
        if (paymentId != null) {
            Payment payment = seen.payments().stream().filter(p -> p.id() == paymentId).findFirst()
                    .orElseThrow(() -> new RefundException("payment-unknown", "Payment " + paymentId
                            + " is not a payment of this order", paymentId));
            if (!refundable.contains(payment)) {
                throw new RefundException("payment-not-refundable", "Payment " + paymentId + " is "
                        + payment.state().wireValue() + " at HelloAsso: it cannot be refunded", paymentId,
                        payment.state().wireValue());
            }
            refundable = List.of(payment);
        }
        // one reading of what is left on each payment: the reservations, under the order's lock, have the last word
        Map<Long, Integer> leftOn = new HashMap<>();
        int left = 0;
        for (Payment p : refundable) {
            leftOn.put(p.id(), Math.max(p.amount() - ledger.committedOnPayment(order.id(), p.id()), 0));
            left += leftOn.get(p.id());
        }
        left = Math.min(left, order.amount() - ledger.committed(order.id()));
        if (left <= 0) {
            throw new RefundException("nothing-left", "Everything paid has been refunded already");
        }
        int wanted = amount == null ? left : amount;
        if (wanted > left) {
            throw new RefundException("too-much", "Only " + left + " cents can still be refunded", left);
        }
        List<Piece> pieces = new ArrayList<>();
        for (Payment p : refundable) {
            int take = Math.min(wanted, leftOn.get(p.id()));
            if (take > 0) {
                pieces.add(new Piece(p, take, take == p.amount()));
                wanted -= take;
            }
        }
        return pieces;
    }

    /** Reserve, call once, record: the three steps of one refund. */
    private Refund call(Order order, Piece piece, RefundSync.Picture picture, String reason, String actor) {
        Refund reserved = transaction.execute(tx -> {
            Order locked = orders.findForUpdate(order.id()).orElseThrow();
            Refund refund = ledger.reserve(order.id(), piece.payment().id(), piece.amount(), piece.payment().amount(),
                    order.amount(), reason, actor, clock.now());
            sync.recompute(locked, picture, "refund");
            audit.record(AuditEvent.success(order.id(), AuditAction.REFUND_REQUESTED).amount(piece.amount())
                    .reference("payment " + piece.payment().id())
                    .actor(actor).message("Refund requested" + (reason == null || reason.isBlank() ? "" : ": " + reason)));
            return refund;
        });
        RefundRequest request = (piece.whole() ? RefundRequest.full() : RefundRequest.partial(piece.amount()))
                .withComment(reason == null || reason.isBlank() ? null : reason)
                .withSendRefundMail(settings.sendRefundMail());
        Result result = send(organization(order), piece.payment().id(), request);
        return transaction.execute(tx -> {
            Order locked = orders.findForUpdate(order.id()).orElseThrow();
            OffsetDateTime now = clock.now();
            String reference = "payment " + piece.payment().id();
            switch (result.status()) {
                case SUCCEEDED -> {
                    ledger.succeeded(reserved.id(), result.operation().id(), result.operation().amount(),
                            "HelloAsso refund operation " + result.operation().id() + " ("
                                    + result.operation().state().wireValue() + ")", now);
                    audit.record(AuditEvent.success(order.id(), AuditAction.REFUND_SUCCEEDED).amount(result.operation().amount())
                            .reference(reference + " refund " + result.operation().id()).httpStatus(200)
                            .actor(actor).message("Refunded through HelloAsso's API"));
                }
                case UNCERTAIN -> {
                    ledger.uncertain(reserved.id(), result.message(), now);
                    audit.record(AuditEvent.error(order.id(), AuditAction.REFUND_UNCERTAIN).amount(piece.amount())
                            .reference(reference).httpStatus(result.httpStatus()).actor(actor).message(result.message()));
                }
                default -> {
                    ledger.notMade(reserved.id(), result.status(), result.message(), now);
                    audit.record(AuditEvent.error(order.id(), result.status() == RefundStatus.NEEDS_MFA
                                    ? AuditAction.REFUND_NEEDS_MFA : AuditAction.REFUND_FAILED).amount(piece.amount())
                            .reference(reference).httpStatus(result.httpStatus()).actor(actor).message(result.message()));
                }
            }
            sync.recompute(locked, picture, "refund");
            return ledger.find(reserved.id()).orElseThrow();
        });
    }

    private record Result(RefundStatus status, RefundResult operation, Integer httpStatus, String message) {
    }

    /** The one call, never repeated; what its answer (or its absence) means. */
    private Result send(OrganizationClient organization, long paymentId, RefundRequest request) {
        try {
            return new Result(RefundStatus.SUCCEEDED, organization.client().payments().refund(paymentId, request), 200,
                    null);
        } catch (MfaRequiredException e) {
            return new Result(RefundStatus.NEEDS_MFA, null, e.statusCode(), "HelloAsso requires a multi-factor "
                    + "confirmation for refunds made through its API: make this refund in HelloAsso's back office");
        } catch (RateLimitedException e) {
            return new Result(RefundStatus.FAILED, null, e.statusCode(),
                    "HelloAsso is limiting requests: nothing was refunded, try again in a minute");
        } catch (ServerErrorException e) {
            return new Result(RefundStatus.UNCERTAIN, null, e.statusCode(), "HelloAsso failed (" + e.statusCode()
                    + ") while refunding: the refund may have been made; settle it by reading the payment back");
        } catch (HelloAssoApiException e) {
            return new Result(RefundStatus.FAILED, null, e.statusCode(), human(e));
        } catch (InvalidRequestException | AuthenticationException e) {
            return new Result(RefundStatus.FAILED, null, null, "Not sent to HelloAsso: " + e.getMessage());
        } catch (HelloAssoNetworkException e) {
            return new Result(RefundStatus.UNCERTAIN, null, null, (e.isTimeout() ? "No answer from HelloAsso in time"
                    : "The connection to HelloAsso failed") + ": the refund may have been made; settle it by reading"
                    + " the payment back");
        } catch (RuntimeException e) {
            return new Result(RefundStatus.UNCERTAIN, null, null, "Unexpected answer from HelloAsso ("
                    + e.getClass().getSimpleName() + "): the refund may have been made; settle it by reading the"
                    + " payment back");
        }
    }

    /** HelloAsso's refusal in words an administrator can act on. */
    static String human(HelloAssoApiException e) {
        String text = e.errors().isEmpty() ? "HTTP " + e.statusCode() : e.errors().getFirst().message();
        Matcher coded = CODED.matcher(text == null ? "" : text);
        String code = coded.matches() ? coded.group(1) : "";
        String detail = coded.matches() ? coded.group(2) : text;
        return switch (code) {
            case "112" -> "HelloAsso is still processing an earlier refund of this payment: try again once it is done";
            case "113" -> "HelloAsso cannot refund this payment: it is not authorized (already refunded or disputed?)";
            case "101" -> "HelloAsso does not know this payment";
            default -> "HelloAsso refused the refund: " + detail;
        };
    }

    private Order paidOrder(String orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> new RefundException("not-found", "No such order"));
        if (!order.status().hasBeenPaid() || order.helloassoOrderId() == null) {
            throw new RefundException("not-paid", "Only a paid order can be refunded; this one is " + order.status(),
                    order.status());
        }
        return order;
    }

    /** A fresh read of the order at HelloAsso, checked to be this order's. */
    private org.passerelle.helloasso.model.Order read(Order order) {
        OrganizationClient organization = organization(order);
        org.passerelle.helloasso.model.Order seen;
        try {
            seen = organization.client().orders().get(order.helloassoOrderId());
        } catch (HelloAssoException e) {
            audit.record(AuditEvent.error(order.id(), AuditAction.REFUND_UNAVAILABLE).message("HelloAsso could not be asked: "
                    + e.getClass().getSimpleName()));
            throw new RefundException("unavailable", "HelloAsso cannot be reached: nothing was done, try again later");
        }
        if (HelloAssoOwnership.afterPayment(organization.organizationSlug(), order, seen) != null) {
            audit.record(AuditEvent.fraud(order.id(), AuditAction.FRAUD_REFUND_ORDER_MISMATCH)
                    .reference("order " + seen.id()).message("HelloAsso order does not match the paid order"));
            throw new RefundException("mismatch", "HelloAsso's order does not match this order: nothing was done");
        }
        return seen;
    }

    /** The HelloAsso account of the order's organization. */
    private OrganizationClient organization(Order order) {
        return clients.forOrganization(order.organizationSlug());
    }
}
