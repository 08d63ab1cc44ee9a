package org.passerelle.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Passerelle webhook in a Java host (JDK only: copy this file into your application). Pass the three
 * {@code webhook-*} headers and the raw body exactly as received, before any JSON parsing.
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("PASSERELLE_WEBHOOK_SECRET"));
 * if (!verifier.verify(id, timestamp, signature, body)) { return 401; }
 * // then process the event once per webhook-id (a redelivery carries the same id)
 * }</pre>
 */
public final class WebhookVerifier {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;
    private final Clock clock;

    /** @param secret the endpoint's secret, {@code whsec_...} */
    public WebhookVerifier(String secret) {
        this(secret, Clock.systemUTC());
    }

    public WebhookVerifier(String secret, Clock clock) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("the secret starts with whsec_");
        }
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.clock = clock;
    }

    /** True when the signature is valid and the timestamp is within five minutes of now (no replays of old ones). */
    public boolean verify(String webhookId, String webhookTimestamp, String webhookSignature, String body) {
        if (webhookId == null || webhookTimestamp == null || webhookSignature == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(webhookTimestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(webhookId + "." + timestamp + "." + body);
        // the header may carry several space-separated signatures (during a secret rotation)
        for (String candidate : webhookSignature.trim().split(" ")) {
            if (candidate.startsWith("v1,")) {
                try {
                    byte[] given = Base64.getDecoder().decode(candidate.substring(3));
                    if (MessageDigest.isEqual(expected, given)) {
                        return true;
                    }
                } catch (IllegalArgumentException ignored) {
                    // not base64: not a match
                }
            }
        }
        return false;
    }

    private byte[] hmac(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
