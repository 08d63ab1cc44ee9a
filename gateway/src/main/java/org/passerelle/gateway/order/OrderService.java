package org.passerelle.gateway.order;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.field.Answer;
import org.passerelle.gateway.field.OrderAnswers;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating orders, finding them by their access token, cancelling them. */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final UtcClock clock;
    private final OrderAnswers answers;

    public OrderService(OrderRepository orders, AuditLog audit, ApplicationEventPublisher events, UtcClock clock,
            OrderAnswers answers) {
        this.orders = orders;
        this.answers = answers;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** Cancelling a paid order is refused: its money was taken (a refund is another matter). */
    public static class NotCancellableException extends IllegalStateException {
        private final OrderStatus status;

        public NotCancellableException(String orderId, OrderStatus status) {
            super("Order " + orderId + " is " + status + " and cannot be cancelled");
            this.status = status;
        }

        public OrderStatus status() {
            return status;
        }
    }

    /** The access token is returned once, here; only its hash is stored. */
    public record CreatedOrder(Order order, String accessToken) {
    }

    @Transactional
    public CreatedOrder create(NewOrder request, String clientIp) {
        return create(request, clientIp, id -> AccessTokens.generate());
    }

    /** With an access token the caller can derive again from the order id (the API's long-lived links). */
    @Transactional
    public CreatedOrder create(NewOrder request, String clientIp, UnaryOperator<String> tokenForId) {
        return create(request, clientIp, tokenForId, List.of());
    }

    /** With the payer's answers to the offer's fields, stored in the same transaction as the order. */
    @Transactional
    public CreatedOrder create(NewOrder request, String clientIp, UnaryOperator<String> tokenForId,
            List<Answer> payerAnswers) {
        String id = UUID.randomUUID().toString();
        String token = tokenForId.apply(id);
        Order order = orders.insert(id, request, AccessTokens.hash(token), clock.now());
        answers.insert(id, payerAnswers);
        audit.record(AuditEvent.success(order.id(), AuditAction.ORDER_CREATED).amount(order.amount()).clientIp(clientIp)
                .message(order.itemName()));
        return new CreatedOrder(order, token);
    }

    /**
     * CREATED, PENDING, FAILED or EXPIRED → CANCELLED, with the {@code order.cancelled} event for host applications.
     *
     * @return whether this call cancelled it (false when it already was)
     * @throws NotCancellableException when the order has been paid
     * @throws java.util.NoSuchElementException when there is no such order
     */
    @Transactional
    public boolean cancel(String orderId, String actor) {
        Order order = orders.find(orderId).orElseThrow();
        if (order.status() == OrderStatus.CANCELLED) {
            return false;
        }
        if (!orders.transition(orderId, OrderStatus.CANCELLED, clock.now())) {
            OrderStatus now = orders.find(orderId).map(Order::status).orElseThrow();
            if (now == OrderStatus.CANCELLED) {
                return false;
            }
            throw new NotCancellableException(orderId, now);
        }
        events.publishEvent(new OrderEvent(orderId, EventType.ORDER_CANCELLED, ""));
        audit.record(AuditEvent.cancelled(orderId, AuditAction.ORDER_CANCELLED).actor(actor).amount(order.amount())
                .message("Cancelled by " + actor + " (was " + order.status() + ")"));
        return true;
    }

    /** The order, only when the token is its own; otherwise empty (callers answer 404, revealing nothing). */
    public Optional<Order> findWithToken(String id, String token) {
        return orders.find(id).filter(order -> AccessTokens.matches(token, order.accessTokenHash()));
    }
}
