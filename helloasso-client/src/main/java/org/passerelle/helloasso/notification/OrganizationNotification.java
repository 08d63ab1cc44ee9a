package org.passerelle.helloasso.notification;

/** The organization changed its slug: update any stored slug from {@code oldSlug} to {@code newSlug}. */
public record OrganizationNotification(String oldSlug, String newSlug) implements Notification {

    @Override
    public String eventType() {
        return "Organization";
    }
}
