package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.notification.InboxEntry;
import org.passerelle.gateway.notification.NotificationInbox;
import org.passerelle.gateway.notification.NotificationService;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** HelloAsso's notifications as received, and "replay": process one again, whatever became of it. */
@Controller
class AdminNotificationsController {

    static final int LATEST = 200;

    private final NotificationInbox inbox;
    private final NotificationService notifications;
    private final AuditLog audit;
    private final AdminProperties settings;

    AdminNotificationsController(NotificationInbox inbox, NotificationService notifications, AuditLog audit,
            AdminProperties settings) {
        this.inbox = inbox;
        this.notifications = notifications;
        this.audit = audit;
        this.settings = settings;
    }

    @GetMapping("/admin/notifications")
    String list(@RequestParam(required = false) String status, Model model) {
        model.addAttribute("status", status);
        model.addAttribute("statuses", InboxEntry.Status.values());
        model.addAttribute("entries", inbox.latest(LATEST).stream()
                .filter(e -> status == null || status.isBlank() || e.status().name().equals(status)).toList());
        model.addAttribute("zone", settings.zone());
        return "admin/notifications";
    }

    /** Back to the order the replay was asked from, or to the inbox. */
    @PostMapping("/admin/notifications/{id}/replay")
    ModelAndView replay(@PathVariable long id, @RequestParam(required = false) String order, Authentication who,
            HttpServletRequest request, RedirectAttributes flash) {
        Optional<InboxEntry> after = notifications.reprocess(id);
        after.ifPresent(entry -> audit.record(AuditEvent.success(entry.orderId(), AuditAction.ADMIN_NOTIFICATION_REPLAY)
                .actor(who.getName()).clientIp(ClientIp.of(request))
                .message("Notification #" + id + " processed again: " + entry.status()
                        + (entry.outcome() == null ? "" : " — " + entry.outcome()))));
        flash.addFlashAttribute("flash", after.isPresent() ? "admin.flash.replayed" : "admin.flash.notFound");
        flash.addFlashAttribute("flashArg", after.map(e -> e.status().name()).orElse(""));
        boolean toOrder = order != null && after.isPresent() && order.equals(after.get().orderId());
        return Redirects.seeOther(toOrder ? "/admin/orders/" + order : "/admin/notifications");
    }
}
