package org.passerelle.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.notification.InboxEntry.Status;

class InboxStatusTest {

    @Test
    void processingEndsOnlyAClaimableEntry() {
        for (Status end : EnumSet.of(Status.PROCESSED, Status.IGNORED, Status.RETRY)) {
            assertThat(end.allowedFrom()).as(end.name()).containsExactlyInAnyOrder(Status.RECEIVED, Status.RETRY);
        }
        assertThat(Status.REJECTED.canMoveTo(Status.PROCESSED)).as("a rejected entry is never processed").isFalse();
        assertThat(Status.PROCESSED.canMoveTo(Status.IGNORED)).isFalse();
    }

    @Test
    void processingAgainChecksAnyEntryAnew() {
        for (Status from : Status.values()) {
            assertThat(from.canMoveTo(Status.RECEIVED)).as("%s -> RECEIVED", from).isTrue();
            assertThat(from.canMoveTo(Status.REJECTED)).as("%s -> REJECTED", from).isTrue();
            assertThat(from.canMoveTo(Status.MALFORMED)).as("%s -> MALFORMED", from).isTrue();
        }
    }

    @Test
    void aCompareAndSetNamingATransitionTheMachineRefusesIsACodingError() {
        assertThat(Status.RECEIVED.from(Status.REJECTED)).containsExactly("REJECTED");
        assertThatThrownBy(() -> Status.PROCESSED.from(Status.REJECTED)).isInstanceOf(IllegalStateException.class);
    }
}
