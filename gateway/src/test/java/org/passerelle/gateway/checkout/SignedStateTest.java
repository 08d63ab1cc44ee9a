package org.passerelle.gateway.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignedStateTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");
    private final String orderId = UUID.randomUUID().toString();
    private final SignedState state = new SignedState(KEY, Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aFreshStateIdentifiesItsOrder() {
        assertThat(state.verify(state.sign(orderId))).contains(orderId);
    }

    @Test
    void itCarriesNothingButTheOrderIdAndExpiry() {
        String signed = state.sign(orderId);
        assertThat(signed).startsWith(orderId + "." + NOW.plus(Duration.ofHours(24)).getEpochSecond() + ".");
        assertThat(signed).doesNotContain(new String(KEY, StandardCharsets.UTF_8));
    }

    @Test
    void aTamperedOrderIdIsRejected() {
        String signed = state.sign(orderId);
        String other = UUID.randomUUID().toString();
        assertThat(state.check(signed.replace(orderId, other))).isInstanceOf(SignedState.Result.Invalid.class);
    }

    @Test
    void aProlongedExpiryIsRejected() {
        String signed = state.sign(orderId);
        String[] parts = signed.split("\\.");
        String forged = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];
        assertThat(state.check(forged)).isInstanceOf(SignedState.Result.Invalid.class);
    }

    @Test
    void aCorrectlySignedStateWithAnImpossibleExpiryIsInvalidNeverAnError() throws Exception {
        for (String expiry : new String[] {String.valueOf(Long.MAX_VALUE), "-1", "-9223372036854775808",
                "31556889864403200", "99999999999999", String.valueOf(NOW.plus(Duration.ofDays(3650)).getEpochSecond())}) {
            String payload = orderId + "." + expiry;
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            String signed = payload + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
            assertThat(state.check(signed)).as(expiry).isInstanceOf(SignedState.Result.Invalid.class);
        }
    }

    @Test
    void aStateSignedWithAnotherKeyIsRejected() {
        SignedState other = new SignedState("another-key-another-key-another-k".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(24), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(state.check(other.sign(orderId))).isEqualTo(new SignedState.Result.Invalid("bad state signature"));
    }

    @Test
    void anExpiredStateIsRecognisedButNotValid() {
        String signed = state.sign(orderId);
        SignedState later = new SignedState(KEY, Duration.ofHours(24),
                Clock.fixed(NOW.plus(Duration.ofHours(25)), ZoneOffset.UTC));
        assertThat(later.check(signed)).isEqualTo(new SignedState.Result.Expired(orderId));
        assertThat(later.verify(signed)).isEmpty();
    }

    @Test
    void missingOrMalformedStatesAreRejected() {
        for (String bad : new String[] {null, "", "abc", "a.b", "..", orderId + ".x.y", "x".repeat(500)}) {
            assertThat(state.check(bad)).as(String.valueOf(bad)).isInstanceOf(SignedState.Result.Invalid.class);
        }
    }
}
