package org.passerelle.helloasso.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.passerelle.helloasso.GeneratedCases.alphanumeric;
import static org.passerelle.helloasso.GeneratedCases.between;
import static org.passerelle.helloasso.GeneratedCases.bytes;
import static org.passerelle.helloasso.GeneratedCases.edge;
import static org.passerelle.helloasso.GeneratedCases.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.passerelle.helloasso.GeneratedCases;

@ExtendWith(GeneratedCases.NameTheCase.class)
class NotificationSignatureTest {
    private static final int MAX_BODY = 255;
    private static final String LONGEST_KEY = "k".repeat(63) + "Z";

    private static String key(Random random) {
        return alphanumeric(random, 1, 64);
    }

    static Stream<Arguments> bodiesAndKeys() {
        return Stream.concat(Stream.of(
                        edge("empty body, one-letter key", new byte[0], "k"),
                        edge("empty JSON object, longest key", "{}".getBytes(StandardCharsets.UTF_8), LONGEST_KEY),
                        edge("one zero byte", new byte[] {0}, "key"),
                        edge("large body", new byte[100_000], "key")),
                generate(7_301, random -> new Object[] {bytes(random, 0, MAX_BODY), key(random)}));
    }

    @ParameterizedTest
    @MethodSource("bodiesAndKeys")
    void aBodySignedWithTheKeyVerifies(byte[] body, String key) {
        assertThat(NotificationSignature.verify(body, NotificationSignature.sign(body, key), key)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("bodiesAndKeys")
    void theSignatureIsLowercaseHexOfSha256Length(byte[] body, String key) {
        assertThat(NotificationSignature.sign(body, key)).matches("[0-9a-f]{64}");
    }

    static Stream<Arguments> tamperedBytes() {
        byte[] body = "{\"eventType\":\"Payment\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.concat(Stream.of(
                        edge("one-byte body, lowest bit", new byte[] {0}, "key", 0, 0x01),
                        edge("first byte, lowest bit", body, "key", 0, 0x01),
                        edge("last byte, highest bit", body, "key", body.length - 1, 0x80),
                        edge("every bit of a middle byte", body, "key", body.length / 2, 0xFF),
                        edge("position wraps past the end", body, "key", 10_000, 0x01)),
                generate(7_302, random -> new Object[] {
                        bytes(random, 1, MAX_BODY), key(random), between(random, 0, 10_000), between(random, 1, 255)}));
    }

    @ParameterizedTest
    @MethodSource("tamperedBytes")
    void changingAnyByteOfTheBodyFailsVerification(byte[] body, String key, int position, int flip) {
        String signature = NotificationSignature.sign(body, key);
        byte[] tampered = body.clone();
        tampered[position % body.length] ^= (byte) flip;

        assertThat(NotificationSignature.verify(tampered, signature, key)).isFalse();
    }

    @Test
    void flippingAnySingleBitOfTheBodyFailsVerification() {
        byte[] body = "{\"data\":{\"amount\":1000}}".getBytes(StandardCharsets.UTF_8);
        String signature = NotificationSignature.sign(body, "key");

        for (int bit = 0; bit < body.length * 8; bit++) {
            byte[] tampered = body.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(NotificationSignature.verify(tampered, signature, "key")).as("bit %d flipped", bit).isFalse();
        }
    }

    static Stream<Arguments> tamperedSignatures() {
        return Stream.concat(Stream.of(
                        edge("first hex digit changed", new byte[0], "key", 0, 1),
                        edge("last hex digit changed", new byte[0], "key", 63, 1),
                        edge("last hex digit changed the most", "{}".getBytes(StandardCharsets.UTF_8), "key", 63, 15)),
                generate(7_305, random -> new Object[] {
                        bytes(random, 0, MAX_BODY), key(random), between(random, 0, 63), between(random, 1, 15)}));
    }

    @ParameterizedTest
    @MethodSource("tamperedSignatures")
    void changingAnyDigitOfTheSignatureFailsVerification(byte[] body, String key, int position, int shift) {
        char[] signature = NotificationSignature.sign(body, key).toCharArray();
        int digit = Character.digit(signature[position], 16);
        signature[position] = Character.forDigit((digit + shift) % 16, 16);

        assertThat(NotificationSignature.verify(body, new String(signature), key)).isFalse();
    }

    @Test
    void aShortenedOrLengthenedSignatureFailsVerification() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = NotificationSignature.sign(body, "key");

        assertThat(NotificationSignature.verify(body, signature.substring(0, 63), "key")).isFalse();
        assertThat(NotificationSignature.verify(body, signature.substring(1), "key")).isFalse();
        assertThat(NotificationSignature.verify(body, signature + "0", "key")).isFalse();
        assertThat(NotificationSignature.verify(body, "", "key")).isFalse();
    }

    static Stream<Arguments> nonEmptyBodiesAndKeys() {
        return Stream.concat(Stream.of(
                        edge("one-byte body", new byte[] {'x'}, "key"),
                        edge("body ending in a zero byte", new byte[] {'x', 0}, "key")),
                generate(7_303, random -> new Object[] {bytes(random, 1, MAX_BODY), key(random)}));
    }

    @ParameterizedTest
    @MethodSource("nonEmptyBodiesAndKeys")
    void addingOrRemovingBytesFailsVerification(byte[] body, String key) {
        String signature = NotificationSignature.sign(body, key);

        assertThat(NotificationSignature.verify(Arrays.copyOf(body, body.length + 1), signature, key)).isFalse();
        assertThat(NotificationSignature.verify(Arrays.copyOf(body, body.length - 1), signature, key)).isFalse();
    }

    static Stream<Arguments> twoDifferentKeys() {
        return Stream.concat(Stream.of(
                        edge("keys differing in case", new byte[0], "a", "A"),
                        edge("one key a prefix of the other", "{}".getBytes(StandardCharsets.UTF_8), "key", "key0"),
                        edge("longest keys differing in the last character", new byte[] {1},
                                LONGEST_KEY, LONGEST_KEY.replace('Z', 'Y'))),
                generate(7_304, random -> {
                    String key = key(random);
                    String other = key(random);
                    while (other.equals(key)) {
                        other = key(random);
                    }
                    return new Object[] {bytes(random, 0, MAX_BODY), key, other};
                }));
    }

    @ParameterizedTest
    @MethodSource("twoDifferentKeys")
    void anotherKeyFailsVerification(byte[] body, String key, String other) {
        assertThat(NotificationSignature.verify(body, NotificationSignature.sign(body, key), other)).isFalse();
    }

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

        assertThat(NotificationSignature.sign(body, "Jefe")).isEqualTo(expected);
        assertThat(NotificationSignature.verify(body, expected.toUpperCase(), "Jefe")).isTrue();
    }

    @Test
    void missingHeaderOrKeyNeverVerifies() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = NotificationSignature.sign(body, "key");

        assertThat(NotificationSignature.verify(body, null, "key")).isFalse();
        assertThat(NotificationSignature.verify(body, "  ", "key")).isFalse();
        assertThat(NotificationSignature.verify(body, signature, null)).isFalse();
        assertThat(NotificationSignature.verify(body, signature, "")).isFalse();
        assertThat(NotificationSignature.verify(null, signature, "key")).isFalse();
    }
}
