package org.passerelle.gateway.notification;

import java.util.List;
import org.passerelle.gateway.config.ConfigFiles;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.helloasso.HelloAssoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * Once the web server listens: registers the notification URL (in emulator mode, with the emulator) and says plainly
 * which HelloAsso this instance talks to, with which organization, and which configuration files it read. It lives
 * with the notifications because registering their URL is its job; configuration must not depend on features.
 */
@Component
public class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);
    private static final String RULE = "=".repeat(78);

    private final PasserelleProperties properties;
    private final EmulatorHolder holder;
    private final HelloAssoSettings helloAsso;
    private final PublicUrl publicUrl;
    private final NotificationSecrets notifications;
    private final HelloAssoClient client;
    private final ConfigurableEnvironment environment;

    public StartupBanner(PasserelleProperties properties, EmulatorHolder holder, HelloAssoSettings helloAsso,
            PublicUrl publicUrl, NotificationSecrets notifications, HelloAssoClient client,
            ConfigurableEnvironment environment) {
        this.properties = properties;
        this.holder = holder;
        this.helloAsso = helloAsso;
        this.publicUrl = publicUrl;
        this.notifications = notifications;
        this.client = client;
        this.environment = environment;
    }

    private String headline() {
        return switch (properties.helloasso().environment()) {
            case "production" -> "HELLOASSO PRODUCTION — real payments.";
            case "sandbox" -> "HELLOASSO SANDBOX — test payments only, no real money.";
            default -> "HELLOASSO AT " + properties.helloasso().environment() + " — a test server, no real money.";
        };
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0) // before the HelloAsso connection check's result and the admin's way in
    void announce() {
        List<String> files = ConfigFiles.read(environment);
        String configuration = files.isEmpty() ? "none (built-in defaults; see docs/configuration.md)"
                : String.join("\n                       ", files);
        String banner;
        if (holder.emulator() != null) {
            String notificationUrl = notifications.notificationUrl();
            // registered as a partner does: the emulator then signs each notification with the key it returns
            notifications.registered(client.notificationUrls().set(notificationUrl, null).signatureKey());
            banner = """
                    %1$s
                      EMULATOR MODE — no real money. HelloAsso is emulated in this process.
                      Passerelle:          %2$s
                      Emulated HelloAsso:  %3$s  (organization '%4$s')
                      Test card:           4242 4242 4242 4242, any future expiry, any CVC
                                           (4000 0000 0000 0002 is refused)
                      Notification URL:    %5$s  (registered with the emulator, signed)
                      Configuration read:  %6$s
                      Admin console:       %7$s
                      For real payments see docs/going-live.md (passerelle.helloasso.client-id,
                      client-secret and organization).
                    %1$s""".formatted(RULE, publicUrl.base(), holder.emulator().baseUrl(), helloAsso.organization(),
                    notificationUrl, configuration, publicUrl.resolve("/admin"));
        } else {
            // the notification URL ends with a secret key: never logged in real mode, shown to admins in the console
            banner = """
                    %1$s
                      %2$s
                      Passerelle:          %3$s
                      HelloAsso:           %4$s, organization '%5$s'
                                           (checking the connection now; the result follows in the log
                                           and on the console's dashboard)
                      Notification URL:    in the admin console, page "Going live" (it holds a secret key):
                                           %6$s
                      Configuration read:  %7$s
                      Admin console:       %8$s
                    %1$s""".formatted(RULE, headline(), publicUrl.base(), helloAsso.apiDescription(),
                    helloAsso.organization(), publicUrl.resolve("/admin/going-live"), configuration,
                    publicUrl.resolve("/admin"));
        }
        // one log event per line: log lines never carry a line break (see logging.SafeLogLines)
        banner.lines().forEach(log::warn);
    }
}
