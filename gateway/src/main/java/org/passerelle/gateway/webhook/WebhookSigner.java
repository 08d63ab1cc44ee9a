package org.passerelle.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed by the whsec_ secret. */
public final class WebhookSigner {

    static final String SECRET_PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    static boolean isValidSecret(String secret) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())).length >= MIN_KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
