package org.passerelle.gateway.order;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating orders and finding them by their access token. */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final AuditLog audit;
    private final Clock clock;

    public OrderService(OrderRepository orders, AuditLog audit, Clock clock) {
        this.orders = orders;
        this.audit = audit;
        this.clock = clock;
    }

    /** The access token is returned once, here; only its hash is stored. */
    public record CreatedOrder(Order order, String accessToken) {
    }

    @Transactional
    public CreatedOrder create(NewOrder request, String clientIp) {
        String token = AccessTokens.generate();
        Order order = orders.insert(request, AccessTokens.hash(token), OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        audit.record(AuditEvent.success(order.id(), "order.created").amount(order.amount()).clientIp(clientIp)
                .message(order.itemName()));
        return new CreatedOrder(order, token);
    }

    /** The order, only when the token is its own; otherwise empty (callers answer 404, revealing nothing). */
    public Optional<Order> findWithToken(String id, String token) {
        return orders.find(id).filter(order -> AccessTokens.matches(token, order.accessTokenHash()));
    }
}
