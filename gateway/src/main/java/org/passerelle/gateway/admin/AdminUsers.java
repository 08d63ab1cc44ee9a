package org.passerelle.gateway.admin;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.console.ConsoleScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The console's users: one super-admin and any number of VIEWERs of every organization from configuration, users of
 * some organizations only ({@code passerelle.admin.users}, see {@link ConsoleScope}) (plain passwords are hashed at start-up
 * so that only hashes stay in memory), then the accounts kept in the database ({@link AdminAccounts}). In emulator
 * mode with no admin configured, "admin" gets a generated password printed once when the application is ready. In
 * real mode with no admin at all, a one-time set-up link is printed instead, where the first admin chooses a password.
 */
public class AdminUsers implements UserDetailsService {

    /** The accounts kept in the database ({@link AdminAccounts}). */
    interface StoredAccounts {
        java.util.Optional<UserDetails> find(String username);

        boolean any();

        /** A new one-time set-up link's token. */
        String newSetupToken();

        java.time.OffsetDateTime expiryOfNewLinks();
    }

    static final String GENERATED_USERNAME = "admin";
    static final String FIRST_RUN = "/admin/first-run";

    private static final Logger log = LoggerFactory.getLogger(AdminUsers.class);

    private final InMemoryUserDetailsManager configured;
    /** The configuration's users, in its order, for the console's list of users (read only there). */
    private final List<ConfiguredUser> configuredUsers;
    private final String generatedPassword;
    private final boolean adminConfigured;
    private final StoredAccounts accounts;
    private final PublicUrl publicUrl;

    private AdminUsers(List<UserDetails> users, String generatedPassword, boolean adminConfigured,
            StoredAccounts accounts, PublicUrl publicUrl) {
        this.configured = new InMemoryUserDetailsManager(users);
        this.configuredUsers = users.stream()
                .map(user -> new ConfiguredUser(user.getUsername(), ConsoleScope.of(user.getAuthorities()))).toList();
        this.generatedPassword = generatedPassword;
        this.adminConfigured = adminConfigured;
        this.accounts = accounts;
        this.publicUrl = publicUrl;
    }

    static AdminUsers from(AdminProperties properties, HelloAssoSettings helloAsso, PasswordEncoder encoder,
            StoredAccounts accounts, PublicUrl publicUrl) {
        List<UserDetails> users = new ArrayList<>();
        String generated = null;
        // the configuration's ADMIN is a super-admin, its viewers see every organization: as before organizations
        List<GrantedAuthority> superAdmin = ConsoleScope.authorities(true, true, Map.of());
        if (!properties.username().isBlank()) {
            users.add(user(properties.username(), properties.password(), superAdmin, encoder));
        } else if (helloAsso.emulated()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            users.add(user(GENERATED_USERNAME, generated, superAdmin, encoder));
        }
        for (AdminProperties.User viewer : properties.viewers()) {
            users.add(user(viewer.username(), viewer.password(), ConsoleScope.authorities(false, true, Map.of()),
                    encoder));
        }
        for (AdminProperties.ScopedUser scoped : properties.users()) {
            Map<String, String> roles = new LinkedHashMap<>();
            scoped.viewerOf().forEach(slug -> roles.put(slug.trim(), ConsoleScope.VIEWER));
            scoped.adminOf().forEach(slug -> roles.put(slug.trim(), ConsoleScope.ADMIN));
            users.add(user(scoped.username(), scoped.password(), ConsoleScope.authorities(false, false, roles),
                    encoder));
        }
        return new AdminUsers(users, generated, !properties.username().isBlank() || generated != null, accounts,
                publicUrl);
    }

    private static UserDetails user(String name, String password, List<GrantedAuthority> authorities,
            PasswordEncoder encoder) {
        // "{bcrypt}…", "{argon2}…": already encoded; anything else is a plain password, hashed now
        String encoded = password.startsWith("{") ? password : encoder.encode(password);
        return User.withUsername(name).password(encoded).authorities(authorities).build();
    }

    /** A user of the configuration: changed in the configuration only. */
    public record ConfiguredUser(String username, ConsoleScope scope) {
    }

    public List<ConfiguredUser> configuredUsers() {
        return configuredUsers;
    }

    /** Whether the configuration names this user (whatever the case, as at login). */
    public boolean isConfigured(String username) {
        return configured.userExists(username);
    }

    /** The configuration's super-admins (its ADMIN, or emulator mode's generated one): 0 or 1. */
    public int configuredSuperAdmins() {
        return (int) configuredUsers.stream().filter(user -> user.scope().superAdmin()).count();
    }

    /**
     * The user as they stand now, read again at each console request ({@link CurrentScopeFilter}): the configuration's
     * from memory, a stored account from the database (one cheap read). Empty when the account was deleted.
     */
    java.util.Optional<UserDetails> current(String username) {
        return configured.userExists(username) ? java.util.Optional.of(configured.loadUserByUsername(username))
                : accounts.find(username);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (configured.userExists(username)) {
            return configured.loadUserByUsername(username);
        }
        return accounts.find(username).orElseThrow(() -> new UsernameNotFoundException("No such console user"));
    }

    /** No ADMIN can log in yet: the configuration names none and no account was created with a set-up link. */
    public boolean waitingForFirstAdmin() {
        return !adminConfigured && !accounts.any();
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10) // after the start-up banner
    void announceHowToLogIn() {
        if (generatedPassword != null) {
            // one log event per line: log lines never carry a line break (see logging.SafeLogLines)
            log.warn("Admin console (emulator mode): user '{}', password {}", GENERATED_USERNAME, generatedPassword);
            log.warn("(generated for this run only; set passerelle.admin.username and passerelle.admin.password to choose them)");
        } else if (waitingForFirstAdmin()) {
            String rule = "=".repeat(78);
            // printed on purpose, like the emulator's generated password: the only way in before any admin exists
            log.warn(rule);
            log.warn("  FIRST RUN: there is no admin account yet. Open this link to choose the");
            log.warn("  admin's user name and password (it works once, until {} UTC):",
                    accounts.expiryOfNewLinks().withNano(0).toLocalDateTime());
            log.warn("    {}", publicUrl.resolve(FIRST_RUN + "/" + accounts.newSetupToken()));
            log.warn("  Then log in at {} and follow \"Going live\".", publicUrl.resolve("/admin"));
            log.warn("  Restarting Passerelle prints a new link while no admin exists. An admin");
            log.warn("  can also be set in the configuration (passerelle.admin.username, .password).");
            log.warn(rule);
        }
    }
}
