package org.passerelle.gateway.refund;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.passerelle.gateway.api.ApiEndpoint;
import org.passerelle.gateway.api.ApiAuthentication;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.representation.ApiOrder;
import org.passerelle.gateway.representation.ApiOrders;
import org.passerelle.gateway.api.ApiProblemException;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.api.Idempotency;
import org.passerelle.gateway.api.RequestFingerprint;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.web.SafeText;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refunds for host applications: {@code POST /api/v1/orders/{id}/refunds} {amount (cents, absent = everything left),
 * reason, paymentId (one instalment)} and the list of an order's refunds. A made refund answers 201; an uncertain one
 * 202 (kept for the Idempotency-Key: the same request never refunds twice), to be followed with the GET.
 */
@RestController
@ApiEndpoint
public class RefundApiController {

    /** What the host sends. */
    public record RefundRequest(Integer amount, String reason, Long paymentId) {
    }

    /** One refund as the API shows it. */
    public record ApiRefund(String id, long paymentId, int amount, String currency, String status, String origin,
            String reason, String message, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

        static ApiRefund of(Refund r) {
            return new ApiRefund(r.id(), r.paymentId(), r.amount(), "EUR", r.status().name(), r.origin(), r.reason(),
                    r.status() == RefundStatus.SUCCEEDED ? null : r.message(), r.createdAt(), r.updatedAt());
        }
    }

    /** The refunds concerned (for a POST: those it made or tried) and the order afterwards. */
    public record RefundsResponse(ApiOrder order, List<ApiRefund> refunds) {
    }

    private static final int MAX_REASON = 500;

    private final RefundService refunds;
    private final OrderRepository orders;
    private final ApiOrders representation;
    private final Idempotency idempotency;
    private final JsonMapper json;

    public RefundApiController(RefundService refunds, OrderRepository orders, ApiOrders representation,
            Idempotency idempotency, JsonMapper json) {
        this.refunds = refunds;
        this.orders = orders;
        this.representation = representation;
        this.idempotency = idempotency;
        this.json = json;
    }

    @GetMapping(path = "/api/v1/orders/{id}/refunds", produces = MediaType.APPLICATION_JSON_VALUE)
    public RefundsResponse list(@PathVariable String id, HttpServletRequest request) {
        Order order = own(id, request);
        return new RefundsResponse(representation.of(order),
                refunds.refunds(order.id()).stream().map(ApiRefund::of).toList());
    }

    @PostMapping(path = "/api/v1/orders/{id}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> refund(@PathVariable String id, @RequestBody(required = false) RefundRequest body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            HttpServletRequest request) {
        RefundRequest asked = body == null ? new RefundRequest(null, null, null) : body;
        Order order = own(id, request);
        if (asked.amount() != null && asked.amount() <= 0) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem("amount", "refundAmount")), 1);
        }
        if (!SafeText.isClean(asked.reason())) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem("reason", "text")), 1);
        }
        if (asked.reason() != null && asked.reason().length() > MAX_REASON) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem("reason", "length", 0, MAX_REASON)), 1);
        }
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        RequestFingerprint fingerprint = RequestFingerprint.of(json, order.id() + " ", asked,
                List.of("amount", "reason", "paymentId"));
        return idempotency.run(key.id(), idempotencyKey, fingerprint, () -> answer(order, asked, key));
    }

    private ResponseEntity<?> answer(Order order, RefundRequest asked, ApiKeys.ApiKey key) {
        RefundService.Outcome outcome;
        try {
            outcome = refunds.refund(order.id(), asked.paymentId(), asked.amount(),
                    asked.reason() == null || asked.reason().isBlank() ? null : asked.reason().strip(),
                    "API key " + key.prefix());
        } catch (RefundException e) {
            throw problem(e, order.id());
        }
        RefundsResponse response = new RefundsResponse(representation.of(outcome.order()),
                outcome.refunds().stream().map(ApiRefund::of).toList());
        URI location = URI.create("/api/v1/orders/" + order.id() + "/refunds");
        Refund last = outcome.refunds().getLast();
        return switch (last.status()) {
            case SUCCEEDED -> ResponseEntity.created(location).body(response);
            // not known yet: a 2xx, so that the same Idempotency-Key replays it instead of refunding again
            case REQUESTED, UNCERTAIN -> ResponseEntity.accepted().location(location).body(response);
            case NEEDS_MFA -> throw new ApiProblemException(HttpStatus.CONFLICT, "refund_needs_mfa");
            case FAILED -> throw new ApiProblemException(HttpStatus.CONFLICT, "refund_refused", last.message());
        };
    }

    private static ApiProblemException problem(RefundException e, String orderId) {
        return switch (e.code()) {
            case "not-found" -> new ApiProblemException(HttpStatus.NOT_FOUND, "not_found", orderId);
            case "unavailable" -> new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "refund_unavailable");
            case "amount" -> new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem("amount", "refundAmount")), 1);
            case "payment-unknown" -> new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    List.of(new FieldProblem("paymentId", "refundPayment")), 1);
            default -> new ApiProblemException(HttpStatus.CONFLICT, "refund_" + e.code().replace('-', '_'),
                    e.args());
        };
    }

    private Order own(String id, HttpServletRequest request) {
        return orders.find(id).filter(ApiAuthentication.current(request)::owns)
                .orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND, "not_found", id));
    }
}
