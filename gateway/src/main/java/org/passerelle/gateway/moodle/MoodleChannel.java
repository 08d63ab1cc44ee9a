package org.passerelle.gateway.moodle;

import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Moodle channel of the outbox: a paid order whose offer (or API metadata) names a course gets one
 * {@code moodle_enrolments} row, worked by {@link MoodleEnroller} on its own retry schedule, so a Moodle outage delays
 * nothing else. Recording it again (the outbox row delivered twice) adds nothing. The order's association decides the
 * site ({@link MoodleSites}): the configured association's is {@code passerelle.moodle.*}, a linked association's is
 * the one set in the console, and an association without one enrols nobody.
 */
@Component
public class MoodleChannel implements FulfilmentHandler {

    private final MoodleSites sites;
    private final MoodleEnrolments enrolments;
    private final MoodleEnroller enroller;
    private final AuditLog audit;
    private final JsonMapper json;

    public MoodleChannel(MoodleSites sites, MoodleEnrolments enrolments, MoodleEnroller enroller, AuditLog audit,
            JsonMapper json) {
        this.sites = sites;
        this.enrolments = enrolments;
        this.enroller = enroller;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public String name() {
        return "moodle";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        if (!event.event().equals(EventType.ORDER_PAID)) {
            return;
        }
        // the order's association's own Moodle: a payer never enters another association's
        MoodleSite site = sites.forOrganization(event.order().organizationSlug()).orElse(null);
        if (site == null) {
            return;
        }
        Long course = courseFor(event.order(), site);
        if (course == null) {
            return;
        }
        String email = event.order().payer().email();
        boolean noEmail = email == null || email.isBlank();
        boolean added = enrolments.insert(event.fulfilmentId(), event.order().id(), site.key(), course,
                noEmail ? "" : email.trim(), site.roleId(), site.enrolmentPeriod(), noEmail ? MoodleProblem.NO_EMAIL : null);
        if (added && noEmail) {
            audit.record(AuditEvent.error(event.order().id(), AuditAction.MOODLE_NEEDS_ADMIN)
                    .message("Course " + course + ": the order has no payer e-mail; enrol the payer by hand"));
        } else if (added) {
            enroller.sweep();
        }
    }

    /** The order's course in its association's Moodle, null when it has none (or no Moodle). */
    public Long courseFor(Order order) {
        return sites.forOrganization(order.organizationSlug()).map(site -> courseFor(order, site)).orElse(null);
    }

    /** The offer's course in the site's settings, else the course named in an API order's metadata. */
    private Long courseFor(Order order, MoodleSite site) {
        if (order.offerId() != null) {
            return site.courses().get(order.offerId());
        }
        if (order.metadata() == null) {
            return null;
        }
        JsonNode value = json.readTree(order.metadata()).get(site.metadataKey());
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            long id = value.isNumber() ? value.asLong() : Long.parseLong(value.asString().trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
