package org.passerelle.gateway.linking;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.notification.NotificationSecrets;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.organization.PartnerAccess;
import org.passerelle.helloasso.AuthorizationDeniedException;
import org.passerelle.helloasso.AuthorizationRequest;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.HelloAssoException;
import org.passerelle.helloasso.OrganizationToken;
import org.passerelle.helloasso.Partner;
import org.passerelle.helloasso.model.NotificationUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Linking an association in partner mode, from the console: start (HelloAsso's authorization page), then finish on
 * the callback (code exchange, the organization recorded, its notification URL set). The pending request is kept by
 * the caller (the admin's session), never in a URL; a request is used once and lives {@link #PENDING_LIFETIME}.
 */
@Service
public class OrganizationLinking {

    public static final String CALLBACK = "/admin/organizations/callback";
    public static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);
    private static final Logger log = LoggerFactory.getLogger(OrganizationLinking.class);

    /**
     * A started link: what must come back from HelloAsso, and when it was started. Plain values, so that it can sit
     * in an HTTP session; {@link #toString()} hides the verifier.
     */
    public record Pending(String url, String redirectUri, String state, String codeVerifier, Instant startedAt)
            implements java.io.Serializable {

        static Pending of(AuthorizationRequest request, Instant startedAt) {
            return new Pending(request.url().toString(), request.redirectUri().toString(), request.state(),
                    request.codeVerifier(), startedAt);
        }

        AuthorizationRequest request() {
            return new AuthorizationRequest(URI.create(url), URI.create(redirectUri), state, codeVerifier);
        }

        @Override
        public String toString() {
            return "Pending[state=" + state + ", startedAt=" + startedAt + ", codeVerifier=***]";
        }
    }

    /** How a callback ended; {@code organizationSlug} is null unless it was linked. */
    public enum Outcome { LINKED, LINKED_WITHOUT_NOTIFICATION_URL, REFUSED, UNKNOWN_STATE, FAILED }

    public record Result(Outcome outcome, String organizationSlug) {
    }

    private final PartnerAccess access;
    private final Organizations organizations;
    private final PublicUrl publicUrl;
    private final NotificationSecrets notificationSecrets;
    private final AuditLog audit;
    private final UtcClock clock;

    OrganizationLinking(PartnerAccess access, Organizations organizations, PublicUrl publicUrl,
            NotificationSecrets notificationSecrets, AuditLog audit, UtcClock clock) {
        this.access = access;
        this.organizations = organizations;
        this.publicUrl = publicUrl;
        this.notificationSecrets = notificationSecrets;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers this Passerelle's domain with HelloAsso and builds the authorization request.
     *
     * @throws IllegalStateException when partner mode is off
     * @throws HelloAssoException    when HelloAsso refuses or cannot be reached
     */
    public Pending start() {
        Partner partner = access.partner().orElseThrow(() -> new IllegalStateException("partner mode is off"));
        partner.setRedirectDomain(publicUrl.base());
        return Pending.of(partner.authorizationRequest(URI.create(publicUrl.resolve(CALLBACK))), clock.instant());
    }

    /**
     * Finishes a link from the callback's parameters.
     *
     * @param pending the request kept for the callback's state, already removed from where it was kept (used once);
     *                empty when none matches (forged, replayed, or from another session)
     */
    public Result complete(Optional<Pending> pending, String state, String code, String error, String actor,
            String clientIp) {
        Optional<Partner> partner = access.partner();
        if (pending.isEmpty() || partner.isEmpty()
                || pending.get().startedAt().plus(PENDING_LIFETIME).isBefore(clock.instant())) {
            audit.record(AuditEvent.error(null, AuditAction.ORGANIZATION_LINK_FAILED).actor(actor).clientIp(clientIp)
                    .message("callback with an unknown, used or expired state: nothing done"));
            return new Result(Outcome.UNKNOWN_STATE, null);
        }
        OrganizationToken token;
        try {
            token = partner.get().completeAuthorization(pending.get().request(), state, code, error);
        } catch (AuthorizationDeniedException refused) {
            audit.record(AuditEvent.cancelled(null, AuditAction.ORGANIZATION_LINK_REFUSED).actor(actor)
                    .clientIp(clientIp).message("HelloAsso answered " + refused.error()));
            return new Result(Outcome.REFUSED, null);
        } catch (HelloAssoException e) {
            log.warn("Linking an association failed: {}", e.getMessage());
            audit.record(AuditEvent.error(null, AuditAction.ORGANIZATION_LINK_FAILED).actor(actor).clientIp(clientIp)
                    .message(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return new Result(Outcome.FAILED, null);
        }
        String slug = token.organizationSlug();
        HelloAssoClient association = partner.get().organization(slug);
        organizations.recordLinked(slug, name(association, slug), access.environment(), actor);
        boolean notificationUrlSet = setNotificationUrl(association, slug);
        audit.record(AuditEvent.success(null, AuditAction.ORGANIZATION_LINKED).actor(actor).clientIp(clientIp)
                .reference(slug).message(notificationUrlSet ? "notification URL set"
                        : "notification URL NOT set: link it again to retry"));
        return new Result(notificationUrlSet ? Outcome.LINKED : Outcome.LINKED_WITHOUT_NOTIFICATION_URL, slug);
    }

    private static String name(HelloAssoClient association, String slug) {
        try {
            return association.organizations().get(slug).name();
        } catch (HelloAssoException e) {
            log.warn("The name of the linked organization {} could not be read: {}", slug, e.getMessage());
            return null;
        }
    }

    private boolean setNotificationUrl(HelloAssoClient association, String slug) {
        try {
            NotificationUrl set = association.notificationUrls()
                    .setForOrganization(slug, notificationSecrets.notificationUrl(), null);
            organizations.recordNotificationUrl(slug, set == null ? null : set.signatureKey());
            return true;
        } catch (HelloAssoException e) {
            log.warn("The notification URL of the linked organization {} could not be set: {}", slug, e.getMessage());
            return false;
        }
    }
}
