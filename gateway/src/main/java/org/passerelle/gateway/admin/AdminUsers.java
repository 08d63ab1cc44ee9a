package org.passerelle.gateway.admin;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The console's users, from configuration: one ADMIN and any number of VIEWERs. Plain passwords are hashed at
 * start-up so that only hashes stay in memory. In emulator mode with no admin configured, "admin" gets a generated
 * password printed once when the application is ready; in real mode nothing is generated and nothing is logged.
 */
public class AdminUsers extends InMemoryUserDetailsManager {

    public static final String ADMIN = "ADMIN";
    public static final String VIEWER = "VIEWER";
    static final String GENERATED_USERNAME = "admin";

    private static final Logger log = LoggerFactory.getLogger(AdminUsers.class);

    private final String generatedPassword;
    private final boolean none;

    private AdminUsers(List<UserDetails> users, String generatedPassword) {
        super(users);
        this.generatedPassword = generatedPassword;
        this.none = users.isEmpty();
    }

    static AdminUsers from(AdminProperties properties, HelloAssoSettings helloAsso, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        String generated = null;
        if (!properties.username().isBlank()) {
            users.add(user(properties.username(), properties.password(), ADMIN, encoder));
        } else if (helloAsso.emulated()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            users.add(user(GENERATED_USERNAME, generated, ADMIN, encoder));
        }
        for (AdminProperties.User viewer : properties.viewers()) {
            users.add(user(viewer.username(), viewer.password(), VIEWER, encoder));
        }
        return new AdminUsers(users, generated);
    }

    private static UserDetails user(String name, String password, String role, PasswordEncoder encoder) {
        // "{bcrypt}…", "{argon2}…": already encoded; anything else is a plain password, hashed now
        String encoded = password.startsWith("{") ? password : encoder.encode(password);
        return User.withUsername(name).password(encoded).roles(role).build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void printGeneratedPassword() {
        if (generatedPassword != null) {
            // one log event per line: log lines never carry a line break (see logging.SafeLogLines)
            log.warn("Admin console (emulator mode): user '{}', password {}", GENERATED_USERNAME, generatedPassword);
            log.warn("(generated for this run only; set passerelle.admin.username and passerelle.admin.password to choose them)");
        } else if (none) {
            log.warn("No admin user: set passerelle.admin.username and passerelle.admin.password to open /admin");
        }
    }
}
