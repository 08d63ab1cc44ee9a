package org.passerelle.gateway.moodle;

import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.refund.RefundProperties;
import org.springframework.stereotype.Component;

/**
 * With {@code passerelle.refunds.moodle-unenrol}, a fully refunded order asks for its Moodle access back: its rows go
 * into the Moodle queue, where each is taken back on its own retry schedule (and shown in the console), so a Moodle
 * outage never holds up the other channels of {@code order.refunded}. Asking again changes nothing.
 */
@Component
public class MoodleUnenrolment implements FulfilmentHandler {

    private final MoodleEnrolments enrolments;
    private final MoodleEnroller enroller;
    private final RefundProperties settings;

    public MoodleUnenrolment(MoodleEnrolments enrolments, MoodleEnroller enroller, RefundProperties settings) {
        this.enrolments = enrolments;
        this.enroller = enroller;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "moodle-unenrol";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        if (settings.moodleUnenrol() && event.event().equals(EventType.ORDER_REFUNDED)
                && enrolments.requestTakeBack(event.order().id()) > 0) {
            enroller.sweep();
        }
    }
}
