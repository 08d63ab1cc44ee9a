package org.passerelle.gateway.notification;

import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.helloasso.HelloAssoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the web server listens: registers the notification URL (in emulator mode, with the emulator) and says plainly
 * which HelloAsso this instance talks to. It lives with the notifications because registering their URL is its job;
 * configuration must not depend on features.
 */
@Component
public class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final PasserelleProperties properties;
    private final EmulatorHolder holder;
    private final HelloAssoSettings helloAsso;
    private final PublicUrl publicUrl;
    private final NotificationSecrets notifications;
    private final HelloAssoClient client;

    public StartupBanner(PasserelleProperties properties, EmulatorHolder holder, HelloAssoSettings helloAsso,
            PublicUrl publicUrl, NotificationSecrets notifications, HelloAssoClient client) {
        this.properties = properties;
        this.holder = holder;
        this.helloAsso = helloAsso;
        this.publicUrl = publicUrl;
        this.notifications = notifications;
        this.client = client;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String notificationUrl = notifications.notificationUrl();
        if (holder.emulator() != null) {
            // registered as a partner does: the emulator then signs each notification with the key it returns
            notifications.registered(client.notificationUrls().set(notificationUrl, null).signatureKey());
            String rule = "=".repeat(78);
            // one log event per line: log lines never carry a line break (see logging.SafeLogLines)
            String banner = """
                    %1$s
                      EMULATOR MODE — no real money. HelloAsso is emulated in this process.
                      Passerelle:          %2$s
                      Emulated HelloAsso:  %3$s  (organization '%4$s')
                      Test card:           4242 4242 4242 4242, any future expiry, any CVC
                                           (4000 0000 0000 0002 is refused)
                      Notification URL:    %5$s  (registered with the emulator, signed)
                      For real payments set passerelle.helloasso.client-id, client-secret and organization.
                    %1$s""".formatted(rule, publicUrl.base(), holder.emulator().baseUrl(), helloAsso.organization(),
                    notificationUrl);
            banner.lines().forEach(log::warn);
        } else {
            // the key is a secret: never logged in real mode (set it yourself, or read it in the admin console)
            log.info("Passerelle at {} uses {} (organization '{}'). Notification URL to set in HelloAsso's back office"
                    + " (Mon compte > Intégrations et API): {}/helloasso/notifications/<passerelle.notifications.key>",
                    publicUrl.base(), helloAsso.apiDescription(), helloAsso.organization(), publicUrl.base());
        }
    }
}
