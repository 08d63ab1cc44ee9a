package org.passerelle.gateway.checkout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.field.OrderAnswers;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderAccessCookie;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The payer's order page, its "check now" button and its JSON status. Without the order's token: 404. */
@Controller
public class OrderPageController {

    private static final Set<String> NOTICES = Set.of("paid", "pending", "refused", "back", "error", "unavailable",
            "mismatch", "checked", "misconfigured", "not-confirmed", "too-often");
    /** What the way back from HelloAsso says about a payment HelloAsso shows in the bank's hands: not true, not shown. */
    private static final Set<String> UNTRUE_WHILE_AT_BANK = Set.of("pending", "refused", "back", "error",
            "not-confirmed");

    private final OrderService orders;
    private final PaymentVerifier verifier;
    private final PublicUrl publicUrl;
    private final LiveStatus liveStatus;
    private final HelloAssoConnection connection;
    private final AddressLimits limits;
    private final HelloAssoBudget budget;
    private final OrderAnswers answers;
    private final Organizations organizations;

    public OrderPageController(OrderService orders, PaymentVerifier verifier, PublicUrl publicUrl,
            LiveStatus liveStatus, HelloAssoConnection connection, AddressLimits limits, HelloAssoBudget budget,
            OrderAnswers answers, Organizations organizations) {
        this.organizations = organizations;
        this.answers = answers;
        this.connection = connection;
        this.orders = orders;
        this.verifier = verifier;
        this.publicUrl = publicUrl;
        this.liveStatus = liveStatus;
        this.limits = limits;
        this.budget = budget;
    }

    @GetMapping("/orders/{id}")
    public String show(@PathVariable String id, @RequestParam(name = "notice", required = false) String notice,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String token = OrderAccessCookie.token(request);
        Order order = access(id, token);
        if (request.getParameter("t") != null) {
            OrderAccessCookie.set(response, order.id(), token, publicUrl.isHttps());
        }
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("order", order);
        model.addAttribute("token", token);
        model.addAttribute("answers", answers.of(order.id()));
        // whose order it is: a linked association's, or the configured one's once its name was read from HelloAsso
        organizations.find(order.organizationSlug())
                .filter(org -> org.linked() || org.named())
                .ifPresent(org -> model.addAttribute("association", org));
        boolean shown = notice != null && NOTICES.contains(notice)
                && !(order.awaitingBank() && UNTRUE_WHILE_AT_BANK.contains(notice));
        model.addAttribute("notice", shown ? notice : null);
        return "order/show";
    }

    @PostMapping("/orders/{id}/check-payment")
    public ModelAndView checkPayment(@PathVariable String id, HttpServletRequest request) {
        Order order = access(id, OrderAccessCookie.token(request));
        if (order.status().hasBeenPaid()) {
            return Redirects.seeOther(CheckoutController.orderPage(order.id(), "paid"));
        }
        if (!limits.tryAcquire(AddressLimits.Kind.PAYER_ACTION, ClientIp.of(request)) || !budget.take(order.id())) {
            // a friendly "you have just checked", and HelloAsso's rate limit kept for real payments
            return Redirects.seeOther(CheckoutController.orderPage(order.id(), "too-often"));
        }
        Verification verification = verifier.verify(order.id(), VerificationSource.MANUAL, ClientIp.of(request));
        String notice = switch (verification) {
            case PAID, ALREADY_PAID -> "paid";
            // not "HelloAsso does not answer" when it answered that Passerelle's settings are wrong
            case UNAVAILABLE -> connection.status().isMisconfigured() ? "misconfigured" : "unavailable";
            case REFUSED -> "refused";
            default -> "checked";
        };
        return Redirects.seeOther(CheckoutController.orderPage(order.id(), notice));
    }

    @GetMapping("/orders/{id}/payment-status")
    public ResponseEntity<LiveStatus.PaymentStatus> paymentStatus(@PathVariable String id, HttpServletRequest request) {
        Order order = access(id, OrderAccessCookie.token(request));
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(LiveStatus.PaymentStatus.of(order));
    }

    /** Server-sent events: the status now, then at each change while the order is pending. */
    @GetMapping(path = "/orders/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
        Order order = access(id, OrderAccessCookie.token(request));
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");   // nginx: do not buffer the stream
        return liveStatus.watch(order);
    }

    private Order access(String id, String token) {
        return orders.findWithToken(id, token).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
