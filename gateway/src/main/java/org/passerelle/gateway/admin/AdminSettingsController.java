package org.passerelle.gateway.admin;

import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Read-only settings: which HelloAsso, which organization, and the notification URL to paste into HelloAsso. */
@Controller
class AdminSettingsController {

    private final HelloAssoSettings helloAsso;
    private final PasserelleProperties properties;
    private final NotificationSecrets notifications;
    private final PublicUrl publicUrl;

    AdminSettingsController(HelloAssoSettings helloAsso, PasserelleProperties properties,
            NotificationSecrets notifications, PublicUrl publicUrl) {
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
        model.addAttribute("offers", properties.offers());
        return "admin/settings";
    }
}
