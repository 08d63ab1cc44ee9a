package org.passerelle.gateway.notification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.passerelle.gateway.config.GeneratedSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.secret.SecretHolder;
import org.passerelle.gateway.secret.StoredSecret;
import org.springframework.stereotype.Component;

/**
 * The notification URL's secret key (configured, or generated once and shared through the database) and the key
 * that signs notifications: configured ({@code passerelle.notifications.signature-key}, a partner's signatureKey), or
 * the one HelloAsso returned when this instance registered its URL (emulator mode). Neither is ever logged.
 */
@Component
public class NotificationSecrets implements SecretHolder {

    /** The settings row of the generated key (same row as before the notifications feature existed). */
    static final String KEY_SETTING = "helloasso.notification-key";

    private final NotificationProperties properties;
    private final PublicUrl publicUrl;
    private final String key;
    private final AtomicReference<String> registeredSignatureKey = new AtomicReference<>();

    /** The key is read (or generated) at start, outside any transaction ({@link GeneratedSettings}). */
    public NotificationSecrets(NotificationProperties properties, GeneratedSettings generated, PublicUrl publicUrl) {
        this.properties = properties;
        this.publicUrl = publicUrl;
        this.key = properties.key().isEmpty() ? generated.getOrGenerate(KEY_SETTING) : properties.key();
    }

    @Override
    public List<StoredSecret> storedSecrets() {
        return List.of(StoredSecret.setting(KEY_SETTING));
    }

    public String key() {
        return key;
    }

    /** The full URL to paste into HelloAsso's back office (it contains the secret key: show it to admins only). */
    public String notificationUrl() {
        return publicUrl.resolve("/helloasso/notifications/" + key());
    }

    /** Constant-time comparison with the URL's key. */
    public boolean isKey(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                key().getBytes(StandardCharsets.UTF_8));
    }

    /** The key signatures are checked with; null when notifications are not signed. */
    public String signatureKey() {
        return properties.signatureKey().isEmpty() ? registeredSignatureKey.get() : properties.signatureKey();
    }

    /** Keeps the signatureKey HelloAsso returned when this instance registered the URL through the partner API. */
    public void registered(String signatureKey) {
        if (signatureKey != null && !signatureKey.isBlank()) {
            registeredSignatureKey.set(signatureKey);
        }
    }
}
