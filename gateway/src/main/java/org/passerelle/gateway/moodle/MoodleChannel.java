package org.passerelle.gateway.moodle;

import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.organization.OrganizationClients;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Moodle channel of the outbox: a paid order whose offer (or API metadata) names a course gets one
 * {@code moodle_enrolments} row, worked by {@link MoodleEnroller} on its own retry schedule, so a Moodle outage delays
 * nothing else. Recording it again (the outbox row delivered twice) adds nothing.
 */
@Component
public class MoodleChannel implements FulfilmentHandler {

    private final MoodleProperties settings;
    private final MoodleEnrolments enrolments;
    private final MoodleEnroller enroller;
    private final AuditLog audit;
    private final JsonMapper json;
    private final OrganizationClients organizations;

    public MoodleChannel(MoodleProperties settings, MoodleEnrolments enrolments, MoodleEnroller enroller,
            AuditLog audit, JsonMapper json, OrganizationClients organizations) {
        this.organizations = organizations;
        this.settings = settings;
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
        // passerelle.moodle.* is the configured association's Moodle: a linked association's payers never enter it
        if (!settings.enabled() || !event.event().equals(EventType.ORDER_PAID)
                || !organizations.isConfigured(event.order().organizationSlug())) {
            return;
        }
        Long course = courseFor(event.order());
        if (course == null) {
            return;
        }
        String email = event.order().payer().email();
        boolean noEmail = email == null || email.isBlank();
        boolean added = enrolments.insert(event.fulfilmentId(), event.order().id(), course, noEmail ? "" : email.trim(),
                settings.roleId(), settings.enrolmentPeriod(), noEmail ? MoodleProblem.NO_EMAIL : null);
        if (added && noEmail) {
            audit.record(AuditEvent.error(event.order().id(), AuditAction.MOODLE_NEEDS_ADMIN)
                    .message("Course " + course + ": the order has no payer e-mail; enrol the payer by hand"));
        } else if (added) {
            enroller.sweep();
        }
    }

    /** The offer's course from the configuration, else the course named in an API order's metadata. */
    public Long courseFor(Order order) {
        if (order.offerId() != null) {
            return settings.courses().get(order.offerId());
        }
        if (order.metadata() == null) {
            return null;
        }
        JsonNode value = json.readTree(order.metadata()).get(settings.metadataKey());
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
