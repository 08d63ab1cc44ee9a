package org.passerelle.gateway.checkout;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderChanged;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes an order's status to the order pages watching it (server-sent events). Whatever instance changed the order,
 * each instance sees the change in the database: it reads the {@code updated_at} of the orders its pages watch (one
 * query for all of them, only while some page is connected), and on PostgreSQL it is also woken at once by
 * {@code LISTEN/NOTIFY} (see {@link LiveStatusListener}). A change this instance makes itself ({@link OrderChanged})
 * is pushed as soon as it is committed. No broker.
 */
@Component
public class LiveStatus {


    private static final Logger log = LoggerFactory.getLogger(LiveStatus.class);

    /** What a page is told ({@code awaitingBank}: pending, the payment in the payer's bank's hands). */
    public record PaymentStatus(OrderStatus status, boolean paid, int amount, OffsetDateTime updatedAt,
            String receiptUrl, boolean pending, boolean awaitingBank) {

        public static PaymentStatus of(Order order) {
            return new PaymentStatus(order.status(), order.status() == OrderStatus.PAID, order.amount(),
                    order.updatedAt(), order.receiptUrl(), order.status() == OrderStatus.PENDING,
                    order.awaitingBank());
        }
    }

    private record Watch(SseEmitter emitter, OffsetDateTime[] lastSeen) {
    }

    private final Map<String, List<Watch>> watches = new ConcurrentHashMap<>();
    private final OrderRepository orders;
    private final JdbcClient jdbc;
    /** How long one event stream stays open; the page's script then falls back to polling. */
    private final Duration streamTimeout;

    public LiveStatus(OrderRepository orders, JdbcClient jdbc,
            @Value("${passerelle.live-status.stream-timeout:10m}") Duration streamTimeout) {
        this.orders = orders;
        this.jdbc = jdbc;
        this.streamTimeout = streamTimeout;
    }

    /** A stream that sends the status now, then at each change, and ends once the order is no longer pending. */
    public SseEmitter watch(Order order) {
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Watch watch = new Watch(emitter, new OffsetDateTime[] {order.updatedAt()});
        if (!send(watch, order) || order.status() != OrderStatus.PENDING) {
            emitter.complete();
            return emitter;
        }
        watches.computeIfAbsent(order.id(), id -> new CopyOnWriteArrayList<>()).add(watch);
        Runnable forget = () -> forget(order.id(), watch);
        emitter.onCompletion(forget);
        // a stream that lasted its time ends normally: left open, Spring MVC would answer the timeout with an
        // AsyncRequestTimeoutException (two WARN lines in the log for every order page left open)
        emitter.onTimeout(emitter::complete);
        emitter.onError(error -> forget.run());
        return emitter;
    }

    /**
     * Stopping: every stream ends now, before the web server's graceful shutdown would wait for them (30 s); the
     * pages' script falls back to polling (another instance, or this one once it is back).
     */
    @EventListener(ContextClosedEvent.class)
    public void closeStreams() {
        List<Watch> open = watches.values().stream().flatMap(List::stream).toList();
        watches.clear();
        open.forEach(watch -> watch.emitter().complete());
        if (!open.isEmpty()) {
            log.info("Closed {} order page stream(s) for the shutdown", open.size());
        }
    }

    /** Number of pages connected (for tests and the admin console). */
    public int watching() {
        return watches.values().stream().mapToInt(List::size).sum();
    }

    /** A change made by this instance: its pages are told as soon as it is committed, not at the next poll. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onOrderChanged(OrderChanged change) {
        changed(change.orderId());
    }

    /** The cheap database poll: one query for every watched order, only when some page is connected. */
    @Scheduled(fixedDelayString = "${passerelle.live-status.poll-interval:1s}")
    public void poll() {
        if (watches.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(watches.keySet());
        Map<String, OffsetDateTime> updated = new ConcurrentHashMap<>();
        jdbc.sql("SELECT id, updated_at FROM orders WHERE id IN (:ids)").param("ids", ids)
                .query(rs -> {
                    updated.put(rs.getString("id"), rs.getObject("updated_at", OffsetDateTime.class));
                });
        for (String id : ids) {
            OffsetDateTime at = updated.get(id);
            List<Watch> list = watches.get(id);
            if (at != null && list != null && list.stream().anyMatch(w -> !Objects.equals(w.lastSeen()[0], at))) {
                changed(id);
            }
        }
    }

    /** An order changed (this instance or another one, as far as we know): tell its pages. One caller at a time. */
    public synchronized void changed(String orderId) {
        List<Watch> list = watches.get(orderId);
        if (list == null || list.isEmpty()) {
            return;
        }
        orders.find(orderId).ifPresent(order -> {
            for (Watch watch : list) {
                if (Objects.equals(watch.lastSeen()[0], order.updatedAt())) {
                    continue;
                }
                if (!send(watch, order) || order.status() != OrderStatus.PENDING) {
                    watch.emitter().complete();
                    forget(orderId, watch);
                }
            }
        });
    }

    private boolean send(Watch watch, Order order) {
        try {
            watch.emitter().send(SseEmitter.event().name("status").data(PaymentStatus.of(order)));
            watch.lastSeen()[0] = order.updatedAt();
            return true;
        } catch (IOException | IllegalStateException e) {
            log.debug("Order page stream closed: {}", e.toString());
            return false;
        }
    }

    private void forget(String orderId, Watch watch) {
        watches.computeIfPresent(orderId, (id, list) -> {
            list.remove(watch);
            return list.isEmpty() ? null : list;
        });
    }
}
