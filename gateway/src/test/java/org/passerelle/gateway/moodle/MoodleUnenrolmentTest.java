package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.refund.RefundProperties;

class MoodleUnenrolmentTest {

    @Test
    void offByDefaultItLeavesMoodleAlone() {
        RefundProperties off = new RefundProperties(Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofDays(2),
                50, 4, true, false);
        // no Moodle channel at all: the handler must not even look for one
        MoodleUnenrolment handler = new MoodleUnenrolment(null, null, off);
        assertThatCode(() -> handler.deliver(new FulfilmentEvent(1, EventType.ORDER_REFUNDED, "", 1, null)))
                .doesNotThrowAnyException();
    }
}
