package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class AdminUsersTest {

    private static final HelloAssoSettings EMULATED = new HelloAssoSettings("demo", true, "emulator");
    private static final HelloAssoSettings REAL = new HelloAssoSettings("asso", false, "HelloAsso production");
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private static AdminProperties properties(String username, String password, List<AdminProperties.User> viewers) {
        return new AdminProperties(username, password, viewers, "", 5, 20, Duration.ofMinutes(15), ZoneId.of("Europe/Paris"));
    }

    @Test
    void plainAndBcryptPasswordsAreAcceptedAndOnlyHashesKept() {
        String hashed = "{bcrypt}" + new BCryptPasswordEncoder().encode("viewer secret");
        AdminUsers users = AdminUsers.from(properties("tresoriere", "plain secret",
                List.of(new AdminProperties.User("lecteur", hashed))), REAL, encoder);

        var admin = users.loadUserByUsername("tresoriere");
        assertThat(admin.getPassword()).startsWith("{bcrypt}").doesNotContain("plain secret");
        assertThat(encoder.matches("plain secret", admin.getPassword())).isTrue();
        assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        var viewer = users.loadUserByUsername("lecteur");
        assertThat(encoder.matches("viewer secret", viewer.getPassword())).isTrue();
        assertThat(viewer.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
    }

    @Test
    void emulatorModeWithoutAnAdminGetsAGeneratedPasswordRealModeGetsNone() {
        AdminUsers emulated = AdminUsers.from(properties("", "", List.of()), EMULATED, encoder);
        assertThat(emulated.userExists(AdminUsers.GENERATED_USERNAME)).isTrue();
        AdminUsers again = AdminUsers.from(properties("", "", List.of()), EMULATED, encoder);
        assertThat(again.loadUserByUsername("admin").getPassword())
                .isNotEqualTo(emulated.loadUserByUsername("admin").getPassword());

        AdminUsers real = AdminUsers.from(properties("", "", List.of()), REAL, encoder);
        assertThat(real.userExists(AdminUsers.GENERATED_USERNAME)).isFalse();
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
}
