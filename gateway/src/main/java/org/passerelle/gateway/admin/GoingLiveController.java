package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.connection.ConnectionStatus;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.notification.NotificationRegistration;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Going live": the console's walkthrough from a fresh install to the first real payment. Each step is checked
 * against what really happened (HelloAsso's answer, a notification received, a payment verified), not ticked by
 * hand: HelloAsso connection, public URL, notification URL, a first test payment, the association's offers.
 */
@Controller
class GoingLiveController {

    /** The test payment: small, and refundable from its order page. */
    static final int TEST_PAYMENT_CENTS = 100;
    private static final Set<String> RETURN_TO = Set.of("/admin", "/admin/going-live");

    private final HelloAssoConnection connection;
    private final HelloAssoSettings helloAsso;
    private final PasserelleProperties properties;
    private final PublicUrl publicUrl;
    private final NotificationSecrets notifications;
    private final NotificationRegistration registration;
    private final GoingLive goingLive;
    private final OrderService orders;
    private final AuditLog audit;
    private final MessageSource messages;

    GoingLiveController(HelloAssoConnection connection, HelloAssoSettings helloAsso, PasserelleProperties properties,
            PublicUrl publicUrl, NotificationSecrets notifications, NotificationRegistration registration,
            GoingLive goingLive, OrderService orders, AuditLog audit, MessageSource messages) {
        this.connection = connection;
        this.helloAsso = helloAsso;
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.notifications = notifications;
        this.registration = registration;
        this.goingLive = goingLive;
        this.orders = orders;
        this.audit = audit;
        this.messages = messages;
    }

    @GetMapping("/admin/going-live")
    String walkthrough(Authentication who, HttpServletRequest request, Model model, Locale locale) {
        GoingLive.Progress progress = goingLive.progress();
        model.addAttribute("progress", progress);
        model.addAttribute("steps", progress.steps());
        model.addAttribute("environmentName", goingLive.environmentLabel(locale));
        model.addAttribute("backOffice", connection.backOffice());
        model.addAttribute("organization", helloAsso.organization());
        model.addAttribute("production", properties.helloasso().production());
        // behind a proxy without forwarded headers this is the proxy's view: only a hint
        String openedAt = ServletUriComponentsBuilder.fromContextPath(request).replacePath("").replaceQuery(null)
                .build().toUriString();
        model.addAttribute("openedAt", openedAt);
        model.addAttribute("openedElsewhere", !openedAt.equalsIgnoreCase(progress.publicUrl()));
        model.addAttribute("notificationUrl", AdminModel.isAdmin(who) ? notifications.notificationUrl()
                : publicUrl.resolve("/helloasso/notifications/…"));
        model.addAttribute("registered", registration.registered().orElse(null));
        model.addAttribute("testPaymentCents", TEST_PAYMENT_CENTS);
        return "admin/going-live";
    }

    /** "Test connection": the same check as at start-up, now. */
    @PostMapping("/admin/connection/test")
    ModelAndView testConnection(@RequestParam(name = "returnTo", defaultValue = "/admin") String returnTo,
            Authentication who, HttpServletRequest request, RedirectAttributes flash) {
        ConnectionStatus result = connection.check();
        audit.record(AuditEvent.of(null, AuditAction.ADMIN_CONNECTION_TESTED, result.isOk() ? Outcome.SUCCESS : Outcome.ERROR)
                .actor(who.getName()).clientIp(ClientIp.of(request))
                .message("HelloAsso connection: " + result.state() + (result.problem() == null ? ""
                        : " " + result.problem()) + (result.detail() == null ? "" : " (" + result.detail() + ")")));
        flash.addFlashAttribute("flash", switch (result.state()) {
            case OK -> "golive.flash.connectionOk";
            case MISCONFIGURED -> "golive.flash.connectionRefused";
            default -> "golive.flash.connectionUnreachable";
        });
        return Redirects.seeOther(RETURN_TO.contains(returnTo) ? returnTo : "/admin");
    }

    @PostMapping("/admin/going-live/notification-url")
    ModelAndView registerNotificationUrl(Authentication who, RedirectAttributes flash) {
        flash.addFlashAttribute("flash", switch (registration.register(who.getName())) {
            case REGISTERED -> "golive.flash.notificationRegistered";
            case REFUSED -> "golive.flash.notificationRefused";
            case FAILED -> "golive.flash.notificationFailed";
        });
        return Redirects.seeOther("/admin/going-live");
    }

    /** A 1 € order with no offer, paid by the admin on HelloAsso's page like any payer (refundable afterwards). */
    @PostMapping("/admin/going-live/test-payment")
    ModelAndView testPayment(Authentication who, HttpServletRequest request, Locale locale) {
        String itemName = messages.getMessage("golive.test.itemName", null, "Passerelle test payment", locale);
        OrderService.CreatedOrder created = orders.create(new NewOrder(null, itemName, TEST_PAYMENT_CENTS, false, null,
                null, null, helloAsso.organization()), ClientIp.of(request));
        audit.record(AuditEvent.success(created.order().id(), AuditAction.ADMIN_TEST_PAYMENT).actor(who.getName())
                .amount(TEST_PAYMENT_CENTS).clientIp(ClientIp.of(request))
                .message("Test payment started from the Going live page"));
        return Redirects.seeOther("/pay/" + created.order().id() + "?t="
                + URLEncoder.encode(created.accessToken(), StandardCharsets.UTF_8));
    }
}
