package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.console.ConsoleScope;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class AdminUsersTest {

    private static final HelloAssoSettings EMULATED = new HelloAssoSettings("demo", true, "emulator");
    private static final HelloAssoSettings REAL = new HelloAssoSettings("asso", false, "HelloAsso production");
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    /** The database's accounts, in memory: one first admin once {@link #created} is set. */
    private static final class Accounts implements AdminUsers.StoredAccounts {
        UserDetails created;

        @Override
        public Optional<UserDetails> find(String username) {
            return Optional.ofNullable(created).filter(user -> user.getUsername().equals(username));
        }

        @Override
        public boolean any() {
            return created != null;
        }

        @Override
        public String newSetupToken() {
            return "token";
        }

        @Override
        public OffsetDateTime expiryOfNewLinks() {
            return OffsetDateTime.parse("2026-11-29T10:00:00Z");
        }
    }

    private final Accounts accounts = new Accounts();

    private AdminUsers users(AdminProperties properties, HelloAssoSettings helloAsso) {
        return AdminUsers.from(properties, helloAsso, encoder, accounts, null);
    }

    private static boolean exists(AdminUsers users, String username) {
        try {
            users.loadUserByUsername(username);
            return true;
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }

    private static AdminProperties properties(String username, String password, List<AdminProperties.User> viewers) {
        return new AdminProperties(username, password, viewers, "", 5, 20, Duration.ofMinutes(15), ZoneId.of("Europe/Paris"));
    }

    @Test
    void plainAndBcryptPasswordsAreAcceptedAndOnlyHashesKept() {
        String hashed = "{bcrypt}" + new BCryptPasswordEncoder().encode("viewer secret");
        AdminUsers users = users(properties("tresoriere", "plain secret",
                List.of(new AdminProperties.User("lecteur", hashed))), REAL);

        var admin = users.loadUserByUsername("tresoriere");
        assertThat(admin.getPassword()).startsWith("{bcrypt}").doesNotContain("plain secret");
        assertThat(encoder.matches("plain secret", admin.getPassword())).isTrue();
        assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_ALL_ORGANIZATIONS");
        var viewer = users.loadUserByUsername("lecteur");
        assertThat(encoder.matches("viewer secret", viewer.getPassword())).isTrue();
        assertThat(viewer.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_ALL_ORGANIZATIONS");
    }

    @Test
    void emulatorModeWithoutAnAdminGetsAGeneratedPasswordRealModeGetsNone() {
        AdminUsers emulated = users(properties("", "", List.of()), EMULATED);
        assertThat(exists(emulated, AdminUsers.GENERATED_USERNAME)).isTrue();
        assertThat(emulated.waitingForFirstAdmin()).isFalse();
        AdminUsers again = users(properties("", "", List.of()), EMULATED);
        assertThat(again.loadUserByUsername("admin").getPassword())
                .isNotEqualTo(emulated.loadUserByUsername("admin").getPassword());

        AdminUsers real = users(properties("", "", List.of()), REAL);
        assertThat(exists(real, AdminUsers.GENERATED_USERNAME)).isFalse();
        assertThat(real.waitingForFirstAdmin()).as("the set-up link is the way in").isTrue();
    }

    @Test
    void anAccountFromTheDatabaseLogsInAndEndsTheWaitButAConfiguredNameWins() {
        AdminUsers real = users(properties("", "", List.of(new AdminProperties.User("lecteur", "viewer secret"))), REAL);
        accounts.created = User.withUsername("marie").password(encoder.encode("a long passphrase")).roles("ADMIN").build();

        assertThat(real.waitingForFirstAdmin()).isFalse();
        assertThat(encoder.matches("a long passphrase", real.loadUserByUsername("marie").getPassword())).isTrue();
        assertThat(real.loadUserByUsername("marie").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_ADMIN");
        accounts.created = User.withUsername("lecteur").password("{noop}x").roles("ADMIN").build();
        assertThat(real.loadUserByUsername("lecteur").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_ALL_ORGANIZATIONS");
        assertThat(exists(real, "nobody")).isFalse();
    }

    @Test
    void theLoginDelayDoublesAfterTheFreeAttemptsUpToTheMaximum() {
        java.time.Instant[] now = {java.time.Instant.parse("2026-11-28T10:00:00Z")};
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.Instant instant() {
                return now[0];
            }

            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public java.time.Clock withZone(ZoneId zone) {
                return this;
            }
        };
        LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitBefore("Marie", "10.0.0.1")).isZero();
            throttle.failed("marie", "10.0.0.1");
        }
        // the user name as Spring Security authenticates it: trimmed, any case, from any address
        assertThat(throttle.waitBefore("MARIE", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore("  marie\t", "10.0.0.2")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitBefore("paul", "10.0.0.2")).isZero();
        now[0] = now[0].plusSeconds(1);
        throttle.failed("marie", "10.0.0.1");
        assertThat(throttle.waitBefore("marie", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            throttle.failed("marie", "10.0.0.1");
        }
        assertThat(throttle.waitBefore("marie", "10.0.0.1")).isEqualTo(Duration.ofSeconds(10));
        // per address too: 10.0.0.1 failed 14 times, whatever the names, so another name waits there as well
        assertThat(throttle.waitBefore("paul", "10.0.0.1")).isEqualTo(Duration.ofSeconds(10));
        throttle.succeeded("marie", "10.0.0.1");
        assertThat(throttle.waitBefore("marie", "10.0.0.1")).isZero();
        assertThat(throttle.waitBefore("paul", "10.0.0.1")).isZero();
    }

    @Test
    void aUserOfSomeAssociationsIsAdminOrViewerOfThoseOnlyAndTheConfiguredOnesSeeEverything() {
        AdminProperties properties = new AdminProperties("tresoriere", "plain secret", List.of(
                new AdminProperties.User("lecteur", "viewer secret")), "", 5, 20, Duration.ofMinutes(15),
                ZoneId.of("Europe/Paris"), List.of(new AdminProperties.ScopedUser("paul", "paul secret",
                        List.of("club-a"), List.of("club-b"))));
        AdminUsers users = users(properties, REAL);

        ConsoleScope paul = ConsoleScope.of(users.loadUserByUsername("paul").getAuthorities());
        assertThat(paul.superAdmin()).isFalse();
        assertThat(paul.administers("club-a")).isTrue();
        assertThat(paul.reads("club-b")).isTrue();
        assertThat(paul.administers("club-b")).isFalse();
        assertThat(paul.reads("club-c")).isFalse();
        assertThat(paul.readable()).containsExactlyInAnyOrder("club-a", "club-b");

        ConsoleScope admin = ConsoleScope.of(users.loadUserByUsername("tresoriere").getAuthorities());
        assertThat(admin.superAdmin()).isTrue();
        assertThat(admin.administers("linked-later")).isTrue();
        assertThat(admin.readable()).as("every organization").isNull();

        ConsoleScope viewer = ConsoleScope.of(users.loadUserByUsername("lecteur").getAuthorities());
        assertThat(viewer.reads("linked-later")).isTrue();
        assertThat(viewer.administers("linked-later")).isFalse();
        assertThat(viewer.superAdmin()).isFalse();
    }
}
