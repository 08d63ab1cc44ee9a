package org.passerelle.helloasso.model;

/**
 * A notification URL registered for a partner. {@code apiNotificationType} is null when the URL receives every type.
 * {@code signatureKey} is the secret that signs the notifications sent to it; {@link #toString()} hides it.
 */
public record NotificationUrl(String url, NotificationType apiNotificationType, String signatureKey) {

    @Override
    public String toString() {
        return "NotificationUrl[url=" + url + ", apiNotificationType=" + apiNotificationType
                + ", signatureKey=" + (signatureKey == null ? "null" : "***") + "]";
    }
}
