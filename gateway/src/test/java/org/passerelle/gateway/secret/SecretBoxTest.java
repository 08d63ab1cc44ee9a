package org.passerelle.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static final byte[] KEY_A = key('A');
    static final byte[] KEY_B = key('B');
    private static final String SECRET = "whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM0NTY3ODk=";

    private final SecretBox underA = new SecretBox(KEY_A, List.of());

    static byte[] key(char fill) {
        return String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSealedValueOpensToTheSameTextAndShowsNothingOfIt() {
        String stored = underA.seal(SECRET);

        assertThat(stored).startsWith("v1:" + SecretBox.keyId(KEY_A) + ":").doesNotContain(SECRET)
                .doesNotContain("c2VjcmV0");
        assertThat(underA.open(stored)).isEqualTo(SECRET);
        assertThat(underA.open(underA.seal(""))).isEmpty();
        assertThat(underA.open(underA.seal("é€ 🔑"))).isEqualTo("é€ 🔑");
        assertThat(underA.seal(null)).isNull();
        assertThat(underA.open(null)).isNull();
    }

    @Test
    void everyValueHasItsOwnNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String stored = underA.seal(SECRET);
            values.add(stored);
            byte[] raw = Base64.getUrlDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
            nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, 12)));
        }
        assertThat(nonces).hasSize(1000);
        assertThat(values).hasSize(1000);
    }

    @Test
    void anAlteredValueIsRefusedNotReadAsSomethingElse() {
        String stored = underA.seal(SECRET);
        String body = stored.substring(stored.lastIndexOf(':') + 1);
        char flipped = body.charAt(20) == 'A' ? 'B' : 'A';
        String altered = stored.substring(0, stored.lastIndexOf(':') + 1) + body.substring(0, 20) + flipped
                + body.substring(21);

        assertThatThrownBy(() -> underA.open(altered)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("was altered").hasMessageNotContaining(body);
        assertThatThrownBy(() -> underA.open(stored.substring(0, stored.length() - 4)))
                .isInstanceOf(SecretKeyException.class);
        // the header is authenticated: a value cannot claim another version
        SecretBox underBThenA = new SecretBox(KEY_B, List.of(KEY_A));
        String underB = underBThenA.seal(SECRET);
        String relabelled = "v1:" + SecretBox.keyId(KEY_A) + underB.substring(underB.lastIndexOf(':'));
        assertThatThrownBy(() -> underBThenA.open(relabelled)).isInstanceOf(SecretKeyException.class);
    }

    @Test
    void aValueUnderAPreviousKeyIsReadAndIsNotCurrent() {
        String stored = underA.seal(SECRET);
        SecretBox rotated = new SecretBox(KEY_B, List.of(KEY_A));

        assertThat(rotated.open(stored)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(stored)).isFalse();
        assertThat(rotated.isCurrent(rotated.seal(SECRET))).isTrue();
        assertThat(rotated.seal(SECRET)).startsWith("v1:" + SecretBox.keyId(KEY_B) + ":");
    }

    @Test
    void aValueUnderAnUnknownKeyNamesTheSettingsNotTheKey() {
        String stored = underA.seal(SECRET);
        SecretBox other = new SecretBox(KEY_B, List.of());

        assertThatThrownBy(() -> other.open(stored)).isInstanceOf(SecretKeyException.class)
                .hasMessageContaining("key with id " + SecretBox.keyId(KEY_A))
                .hasMessageContaining("passerelle.secrets.key")
                .hasMessageContaining("passerelle.secrets.previous-keys")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(KEY_A));
    }

    @Test
    void aValueStoredBeforeEncryptionIsReadAsItIs() {
        assertThat(underA.open(SECRET)).isEqualTo(SECRET);
        assertThat(underA.open("https://gw.example.org/helloasso/notifications/abc")).endsWith("/abc");
        assertThat(underA.isCurrent(SECRET)).isFalse();
        assertThat(SecretBox.isSealed(SECRET)).isFalse();
        assertThat(SecretBox.isSealed(underA.seal(SECRET))).isTrue();
    }

    @Test
    void aConfiguredKeyMustBe32BytesOfBase64AndIsNeverShown() {
        String good = Base64.getEncoder().encodeToString(KEY_A);
        assertThat(SecretKeys.decode(good, "passerelle.secrets.key")).isEqualTo(KEY_A);
        assertThat(SecretKeys.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY_B) + "\n",
                "passerelle.secrets.key")).isEqualTo(KEY_B);
        for (String bad : List.of("too-short-key", Base64.getEncoder().encodeToString(new byte[16]), "not base64 !")) {
            assertThatThrownBy(() -> SecretKeys.decode(bad, "passerelle.secrets.previous-keys[1]"))
                    .isInstanceOf(SecretKeyException.class)
                    .hasMessageContaining("passerelle.secrets.previous-keys[1] is not a key (value hidden)")
                    .hasMessageNotContaining(bad)
                    .extracting(e -> ((SecretKeyException) e).action()).asString()
                    .contains("openssl rand -base64 32");
        }
    }
}
