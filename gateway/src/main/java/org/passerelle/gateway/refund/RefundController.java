package org.passerelle.gateway.refund;

import java.security.Principal;
import java.util.Locale;
import org.passerelle.gateway.console.ConsoleAccess;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.web.Amounts;
import org.passerelle.gateway.web.Redirects;
import org.passerelle.gateway.web.SafeText;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's refund actions on an order (ADMIN role, by the admin security chain). Each POST answers 303 to the
 * console's order page, whose refund panel ({@code refund/panel.html}) shows a notice saying what happened, or why
 * nothing was done.
 */
@Controller
public class RefundController {

    private final RefundService refunds;
    private final OrderRepository orders;
    private final MessageSource messages;
    private final ConsoleAccess access;

    public RefundController(RefundService refunds, OrderRepository orders, MessageSource messages,
            ConsoleAccess access) {
        this.access = access;
        this.refunds = refunds;
        this.orders = orders;
        this.messages = messages;
    }

    /** {@code amount} in euros ("12,50"), empty for everything left; {@code paymentId} for one instalment. */
    @PostMapping("/admin/orders/{id}/refunds")
    public ModelAndView refund(@PathVariable String id, @RequestParam(required = false) String amount,
            @RequestParam(required = false) Long paymentId, @RequestParam(required = false) String reason,
            Principal principal, Locale locale, RedirectAttributes redirect) {
        order(id);
        if (!SafeText.isClean(reason)) {
            return back(id, redirect, "error", text("refund.error.reason-text", locale));
        }
        Integer cents = null;
        if (amount != null && !amount.isBlank()) {
            cents = Amounts.parseEuros(amount);
            if (cents == null || cents <= 0) {
                return back(id, redirect, "error", text("refund.error.amount-format", locale, amount));
            }
        }
        try {
            RefundService.Outcome outcome = refunds.refund(id, paymentId, cents, reason, actor(principal));
            return back(id, redirect, outcome.allSucceeded() ? "success" : "warning", describe(outcome, locale));
        } catch (RefundException e) {
            return back(id, redirect, "error", text(e, locale));
        }
    }

    @PostMapping("/admin/orders/{id}/refunds/settle")
    public ModelAndView settle(@PathVariable String id, Principal principal, Locale locale,
            RedirectAttributes redirect) {
        order(id);
        try {
            RefundService.Outcome outcome = refunds.settle(id, actor(principal));
            return back(id, redirect, "success", text("refund.notice.settled", locale,
                    text("order.status." + outcome.order().status(), locale)));
        } catch (RefundException e) {
            return back(id, redirect, "error", text(e, locale));
        }
    }

    @PostMapping("/admin/orders/{id}/refunds/cancel-instalments")
    public ModelAndView cancelInstalments(@PathVariable String id,
            @RequestParam(name = "refund", defaultValue = "false") boolean refundPaid,
            @RequestParam(required = false) String reason, Principal principal, Locale locale,
            RedirectAttributes redirect) {
        order(id);
        if (!SafeText.isClean(reason)) {
            return back(id, redirect, "error", text("refund.error.reason-text", locale));
        }
        try {
            RefundService.Outcome outcome = refunds.cancelInstalments(id, refundPaid, reason, actor(principal));
            String cancelled = text("refund.notice.instalments-cancelled", locale);
            return back(id, redirect, !refundPaid || outcome.allSucceeded() ? "success" : "warning",
                    refundPaid ? cancelled + " " + describe(outcome, locale) : cancelled);
        } catch (RefundException e) {
            return back(id, redirect, "error", text(e, locale));
        }
    }

    private String describe(RefundService.Outcome outcome, Locale locale) {
        Refund last = outcome.refunds().getLast();
        return switch (last.status()) {
            case SUCCEEDED -> text("refund.notice.succeeded", locale, Amounts.format(outcome.refundedNow(), locale));
            case UNCERTAIN -> text("refund.notice.uncertain", locale);
            case NEEDS_MFA -> text("refund.notice.needs-mfa", locale);
            default -> text("refund.notice.failed", locale, last.message());
        };
    }

    private ModelAndView back(String id, RedirectAttributes redirect, String level, String text) {
        redirect.addFlashAttribute("refundNoticeLevel", level);
        redirect.addFlashAttribute("refundNotice", text);
        return Redirects.seeOther("/admin/orders/" + id);
    }

    private String text(RefundException e, Locale locale) {
        Object[] args = e.args();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Integer cents && "too-much".equals(e.code())) {
                args[i] = Amounts.format(cents, locale);
            }
        }
        return messages.getMessage("refund.error." + e.code(), args, e.getMessage(), locale);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** The order, if the console user is ADMIN of its organization (another's is not found). */
    private Order order(String id) {
        Order order = orders.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        access.requireAdmin(order.organizationSlug());
        return order;
    }

    private static String actor(Principal principal) {
        return principal == null ? "admin" : principal.getName();
    }
}
