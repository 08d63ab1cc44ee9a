package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.passerelle.gateway.refund.RefundStatus.FAILED;
import static org.passerelle.gateway.refund.RefundStatus.NEEDS_MFA;
import static org.passerelle.gateway.refund.RefundStatus.REQUESTED;
import static org.passerelle.gateway.refund.RefundStatus.SUCCEEDED;
import static org.passerelle.gateway.refund.RefundStatus.UNCERTAIN;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RefundStatusTest {

    @Test
    void aRequestedRefundSettlesOnceOrBecomesUncertainFirst() {
        assertThat(REQUESTED.canMoveTo(SUCCEEDED)).isTrue();
        assertThat(REQUESTED.canMoveTo(UNCERTAIN)).isTrue();
        assertThat(REQUESTED.canMoveTo(FAILED)).isTrue();
        assertThat(REQUESTED.canMoveTo(NEEDS_MFA)).isTrue();
        assertThat(UNCERTAIN.canMoveTo(SUCCEEDED)).as("read back: it was made").isTrue();
        assertThat(UNCERTAIN.canMoveTo(FAILED)).as("read back: it was not made").isTrue();
        assertThat(UNCERTAIN.canMoveTo(REQUESTED)).isFalse();
    }

    @Test
    void succeededNeedsMfaAndFailedAreFinal() {
        for (RefundStatus from : EnumSet.of(SUCCEEDED, NEEDS_MFA, FAILED)) {
            for (RefundStatus to : RefundStatus.values()) {
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isFalse();
            }
        }
    }

    @Test
    void nothingGoesBackToRequestedAndOnlyWhatMayHaveHappenedIsInFlight() {
        for (RefundStatus status : RefundStatus.values()) {
            assertThat(status.canMoveTo(REQUESTED)).isFalse();
            boolean canStillMove = EnumSet.allOf(RefundStatus.class).stream().anyMatch(status::canMoveTo);
            assertThat(status.inFlight()).as("%s in flight exactly when it can still settle", status)
                    .isEqualTo(canStillMove);
        }
    }
}
