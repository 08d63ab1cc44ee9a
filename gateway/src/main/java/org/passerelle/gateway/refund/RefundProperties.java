package org.passerelle.gateway.refund;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code passerelle.refunds.*}: refunds, their settlement and the scan for refunds made in HelloAsso. */
@ConfigurationProperties("passerelle.refunds")
@Validated
public record RefundProperties(
        /* How often uncertain refunds are settled and recent payment changes scanned (db-scheduler, one instance). */
        @NotNull @DefaultValue("5m") Duration sweepInterval,
        /* An uncertain refund HelloAsso still does not show after this long was not made (FAILED). Longer than
           the HelloAsso request timeout, so that a request still travelling cannot be declared lost. */
        @NotNull @DefaultValue("2m") Duration settleAfter,
        /* The scan reads HelloAsso's payments changed since its previous run, this far back after a start. */
        @NotNull @DefaultValue("2d") Duration scanLookback,
        @Min(1) @DefaultValue("50") int scanPageSize,
        @Min(1) @DefaultValue("4") int scanMaxPages,
        /* Ask HelloAsso to email the payer about each refund (HelloAsso's own default). */
        @DefaultValue("true") boolean sendRefundMail,
        /* On order.refunded, take the payer's Moodle enrolments back (the Moodle channel must be configured). */
        @DefaultValue("false") boolean moodleUnenrol) {
}
