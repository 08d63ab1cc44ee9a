package org.passerelle.gateway.checkout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.order.CheckoutIntentRepository;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderAccessCookie;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The payer's way to HelloAsso and back. {@code /pay/{id}} sends them to the hosted page; HelloAsso sends them back to
 * return, back or error with the signed state, and every answer is a 303 to the order page (a reload repeats nothing),
 * or, for an API order with {@code autoReturn}, to the host's {@code returnUrl} once the payment has been checked.
 * Nothing HelloAsso appends to these URLs is trusted: the return page only picks which intent to read back.
 */
@Controller
public class CheckoutController {

    private final OrderService orderService;
    private final OrderRepository orders;
    private final CheckoutIntentRepository intents;
    private final CheckoutService checkout;
    private final PaymentVerifier verifier;
    private final SignedState signedState;
    private final AuditLog audit;
    private final PublicUrl publicUrl;
    private final UtcClock clock;
    private final AddressLimits limits;
    private final HelloAssoBudget budget;
    private final HelloAssoSettings helloAsso;

    public CheckoutController(OrderService orderService, OrderRepository orders, CheckoutIntentRepository intents,
            CheckoutService checkout, PaymentVerifier verifier, SignedState signedState, AuditLog audit,
            PublicUrl publicUrl, UtcClock clock, AddressLimits limits, HelloAssoBudget budget, HelloAssoSettings helloAsso) {
        this.helloAsso = helloAsso;
        this.orderService = orderService;
        this.orders = orders;
        this.intents = intents;
        this.checkout = checkout;
        this.verifier = verifier;
        this.signedState = signedState;
        this.audit = audit;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.limits = limits;
        this.budget = budget;
    }

    @GetMapping("/pay/{orderId}")
    public ModelAndView pay(@PathVariable String orderId, @RequestParam(name = "t", required = false) String token,
            HttpServletRequest request, HttpServletResponse response) {
        Order order = orderService.findWithToken(orderId, token).orElseThrow(CheckoutController::notFound);
        OrderAccessCookie.set(response, order.id(), token, publicUrl.isHttps());
        String retryUrl = "/pay/" + order.id() + "?t=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        if (!limits.tryAcquire(AddressLimits.Kind.PAYER_ACTION, ClientIp.of(request))) {
            return tooOften(retryUrl, order.id());
        }
        return switch (checkout.checkout(order, token, ClientIp.of(request))) {
            case CheckoutService.Next.ToHelloAsso next -> Redirects.seeOther(hostedPage(next.redirectUrl()));
            case CheckoutService.Next.ToOrder next -> Redirects.seeOther(orderPage(order.id(), null));
            case CheckoutService.Next.InProgress next -> new ModelAndView("checkout/preparing")
                    .addObject("retryUrl", retryUrl);
            case CheckoutService.Next.TooOften next -> tooOften(retryUrl, order.id());
        };
    }

    /** The emulated HelloAsso page speaks the language the payer chose here; HelloAsso's own page gets its URL as is. */
    private String hostedPage(String redirectUrl) {
        if (!helloAsso.emulated()) {
            return redirectUrl;
        }
        return UriComponentsBuilder.fromUriString(redirectUrl)
                .replaceQueryParam("lang", LocaleContextHolder.getLocale().getLanguage()).build().toUriString();
    }

    /** A payer who clicks faster than HelloAsso should be asked: a page that says so, and the way on. */
    private static ModelAndView tooOften(String retryUrl, String orderId) {
        return new ModelAndView("checkout/too-often", HttpStatus.TOO_MANY_REQUESTS)
                .addObject("retryUrl", retryUrl).addObject("orderUrl", "/orders/" + orderId);
    }

    @GetMapping(ReturnUrls.RETURN)
    public ModelAndView returned(@RequestParam(name = "s", required = false) String state,
            @RequestParam(name = "checkoutIntentId", required = false) String intentParam,
            @RequestParam(name = "code", required = false) String code, HttpServletRequest request) {
        String ip = ClientIp.of(request);
        Optional<Order> found = order(state, "return", ip);
        if (found.isEmpty()) {
            return invalidLink();
        }
        Order order = found.get();
        Long intentId = intentParam == null ? order.checkoutIntentId() : parseId(intentParam);
        if (intentId == null || intents.find(order.id(), intentId).isEmpty()) {
            audit.record(AuditEvent.fraud(order.id(), AuditAction.FRAUD_FOREIGN_INTENT).amount(order.amount()).clientIp(ip)
                    .reference(intentParam == null ? null : "intent " + abbreviate(intentParam))
                    .message("Return with a checkout intent that is not this order's"));
            return Redirects.seeOther(orderPage(order.id(), "mismatch"));
        }
        boolean firstReturn = intents.markReturned(intentId, clock.now());
        if (!firstReturn && order.status() == OrderStatus.PAID && intentId.equals(order.checkoutIntentId())) {
            audit.record(AuditEvent.fraud(order.id(), AuditAction.FRAUD_REPLAYED_RETURN).amount(order.amount()).clientIp(ip)
                    .reference("intent " + intentId).message("Return URL used again after the order was paid"));
            return Redirects.seeOther(orderPage(order.id(), null));
        }
        if (!limits.tryAcquire(AddressLimits.Kind.PAYER_ACTION, ip) || !budget.take(order.id())) {
            // asked too often: the notification and the reconciliation will tell, the page follows by itself
            return afterHelloAsso(order, "pending");
        }
        // what HelloAsso appended (code=succeeded, code=refused) decides nothing: the verifier reads the intent back
        Verification verification = verifier.verify(order.id(), intentId, VerificationSource.RETURN, ip);
        if (verification == Verification.PENDING && "refused".equals(code)) {
            // HelloAsso shows no payment: a refused card, or one still waiting for the bank; the order stays payable
            return afterHelloAsso(order, "not-confirmed");
        }
        return afterHelloAsso(order, notice(verification));
    }

    @GetMapping(ReturnUrls.BACK)
    public ModelAndView back(@RequestParam(name = "s", required = false) String state, HttpServletRequest request) {
        String ip = ClientIp.of(request);
        Optional<Order> order = order(state, "back", ip);
        if (order.isEmpty()) {
            return invalidLink();
        }
        audit.record(AuditEvent.cancelled(order.get().id(), AuditAction.CHECKOUT_BACK).amount(order.get().amount()).clientIp(ip)
                .message("The payer came back from HelloAsso without paying"));
        return afterHelloAsso(order.get(), "back");
    }

    @GetMapping(ReturnUrls.ERROR)
    public ModelAndView error(@RequestParam(name = "s", required = false) String state,
            @RequestParam(name = "error", required = false) String error, HttpServletRequest request) {
        String ip = ClientIp.of(request);
        Optional<Order> order = order(state, "error", ip);
        if (order.isEmpty()) {
            return invalidLink();
        }
        audit.record(AuditEvent.error(order.get().id(), AuditAction.CHECKOUT_ERROR).amount(order.get().amount()).clientIp(ip)
                .message("HelloAsso reported an error: " + (error == null ? "(none given)" : abbreviate(error))));
        return afterHelloAsso(order.get(), "error");
    }

    @ExceptionHandler(HelloAssoUnavailableException.class)
    public ModelAndView unavailable(HelloAssoUnavailableException e) {
        ModelAndView page = new ModelAndView("checkout/unavailable", HttpStatus.SERVICE_UNAVAILABLE);
        String query = e.accessToken() == null ? "" : "?t=" + URLEncoder.encode(e.accessToken(), StandardCharsets.UTF_8);
        page.addObject("retryUrl", "/pay/" + e.orderId() + query);
        page.addObject("orderUrl", "/orders/" + e.orderId() + query);
        page.addObject("misconfigured", e.misconfigured());
        return page;
    }

    /** The order named by a valid state; anything else is recorded as a fraud signal. */
    private Optional<Order> order(String state, String endpoint, String ip) {
        SignedState.Result result = signedState.check(state);
        switch (result) {
            case SignedState.Result.Valid valid -> {
                Optional<Order> order = orders.find(valid.orderId());
                if (order.isEmpty()) {
                    audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_UNKNOWN_ORDER).clientIp(ip)
                            .message("Correctly signed state for an unknown order on " + endpoint));
                }
                return order;
            }
            case SignedState.Result.Expired expired -> {
                audit.record(AuditEvent.error(expired.orderId(), AuditAction.CHECKOUT_STATE_EXPIRED).clientIp(ip)
                        .message("Expired state on " + endpoint + "; nothing changed (the order is still verified by the other paths)"));
                return Optional.empty();
            }
            case SignedState.Result.Invalid invalid -> {
                audit.record(AuditEvent.fraud(null, AuditAction.FRAUD_BAD_STATE).clientIp(ip)
                        .message(invalid.reason() + " on " + endpoint));
                return Optional.empty();
            }
        }
    }

    private static String notice(Verification verification) {
        return switch (verification) {
            case PAID, ALREADY_PAID -> "paid";
            case PENDING -> "pending";
            case REFUSED -> "refused";
            case MISMATCH -> "mismatch";
            case UNAVAILABLE -> "unavailable";
            case EXPIRED, NOTHING_TO_VERIFY -> null;
        };
    }

    /**
     * Where the payer goes once back from HelloAsso: the host's page when the order asks for it (the host then reads
     * the order through the API, which already holds what this visit verified), else the order page.
     */
    private static ModelAndView afterHelloAsso(Order order, String notice) {
        if (order.autoReturn() && order.returnUrl() != null) {
            return Redirects.seeOtherExternal(order.returnUrl());
        }
        return Redirects.seeOther(orderPage(order.id(), notice));
    }

    static String orderPage(String orderId, String notice) {
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath("/orders/{id}");
        if (notice != null) {
            builder.queryParam("notice", notice);
        }
        return builder.buildAndExpand(orderId).toUriString();
    }

    private static ModelAndView invalidLink() {
        return new ModelAndView("checkout/invalid-link", HttpStatus.BAD_REQUEST);
    }

    private static Long parseId(String value) {
        try {
            long id = Long.parseLong(value.trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\p{Print}]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
