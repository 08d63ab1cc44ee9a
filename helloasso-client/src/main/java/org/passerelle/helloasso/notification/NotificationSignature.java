package org.passerelle.helloasso.notification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code x-ha-signature} header HelloAsso puts on notifications sent to partner URLs: the lowercase hex
 * HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes of the URL's signature key.
 */
public final class NotificationSignature {
    public static final String HEADER = "x-ha-signature";
    private static final String ALGORITHM = "HmacSHA256";

    private NotificationSignature() {
    }

    /**
     * True when {@code headerValue} is the signature of exactly these bytes under this key. Compares in constant
     * time, so an attacker cannot learn the signature byte by byte. False for a missing header or key.
     */
    public static boolean verify(byte[] rawBody, String headerValue, String signatureKey) {
        if (rawBody == null || headerValue == null || headerValue.isBlank()
                || signatureKey == null || signatureKey.isBlank()) {
            return false;
        }
        byte[] expected = sign(rawBody, signatureKey).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = headerValue.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** The lowercase hex signature of {@code rawBody}, as HelloAsso computes it (useful for emulators and tests). */
    public static String sign(byte[] rawBody, String signatureKey) {
        if (signatureKey == null || signatureKey.isEmpty()) {
            throw new IllegalArgumentException("signatureKey is required");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(signatureKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(rawBody));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
