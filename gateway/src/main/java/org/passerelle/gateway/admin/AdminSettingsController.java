package org.passerelle.gateway.admin;

import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.offer.OfferCatalog;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Read-only settings: which HelloAsso, which organization, the notification URL to paste into HelloAsso, and the
 * webhook endpoints host applications are told at.
 */
@Controller
class AdminSettingsController {

    private final HelloAssoSettings helloAsso;
    private final PasserelleProperties properties;
    private final NotificationSecrets notifications;
    private final PublicUrl publicUrl;
    private final WebhookEndpoints webhooks;
    private final OfferCatalog offers;

    AdminSettingsController(HelloAssoSettings helloAsso, PasserelleProperties properties,
            NotificationSecrets notifications, PublicUrl publicUrl, WebhookEndpoints webhooks, OfferCatalog offers) {
        this.offers = offers;
        this.webhooks = webhooks;
        this.helloAsso = helloAsso;
        this.properties = properties;
        this.notifications = notifications;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/admin/settings")
    String settings(Authentication who, Model model) {
        model.addAttribute("helloAsso", helloAsso);
        model.addAttribute("environment", helloAsso.emulated() ? "emulator" : properties.helloasso().environment());
        model.addAttribute("publicUrl", publicUrl.base());
        // the URL's last segment is a secret: only an ADMIN sees it
        model.addAttribute("notificationUrl", AdminModel.isAdmin(who) ? notifications.notificationUrl()
                : publicUrl.resolve("/helloasso/notifications/…"));
        model.addAttribute("signatureChecked", notifications.signatureKey() != null);
        model.addAttribute("offers", offers.all());
        model.addAttribute("endpoints", webhooks.list());
        return "admin/settings";
    }
}
