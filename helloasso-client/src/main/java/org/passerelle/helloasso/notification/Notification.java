package org.passerelle.helloasso.notification;

/**
 * A notification HelloAsso POSTed to your URL. Its content is a claim, not a proof: verify the signature when you
 * have one, and in every case read the payment or checkout intent back through the API before acting on it.
 */
public sealed interface Notification
        permits PaymentNotification, OrderNotification, FormNotification, OrganizationNotification,
        UnknownNotification {

    /** The envelope's {@code eventType}: {@code Payment}, {@code Order}, {@code Form}, {@code Organization}, … */
    String eventType();
}
