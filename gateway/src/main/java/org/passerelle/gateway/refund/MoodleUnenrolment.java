package org.passerelle.gateway.refund;

import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.moodle.MoodleEnrolments;
import org.passerelle.gateway.moodle.MoodleException;
import org.springframework.stereotype.Component;

/**
 * With {@code passerelle.refunds.moodle-unenrol}, a fully refunded order takes its Moodle enrolments back. A channel
 * of the outbox like the others: a Moodle failure makes the {@code order.refunded} row retry later, and unenrolling
 * again changes nothing.
 */
@Component
public class MoodleUnenrolment implements FulfilmentHandler {

    private final MoodleEnrolments enrolments;
    private final RefundProperties settings;

    public MoodleUnenrolment(MoodleEnrolments enrolments, RefundProperties settings) {
        this.enrolments = enrolments;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "moodle-unenrol";
    }

    @Override
    public void deliver(FulfilmentEvent event) throws MoodleException {
        if (settings.moodleUnenrol() && event.event().equals(FulfilmentEvent.ORDER_REFUNDED)) {
            enrolments.unenrol(event.order(), "order refunded");
        }
    }
}
