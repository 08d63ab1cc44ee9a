package org.passerelle.gateway.representation;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An order as the API shows it, and as webhooks carry it in {@code data}. Amounts in cents, EUR. {@code terms} lists
 * the instalments (empty for a single payment); their dates are known once HelloAsso has scheduled them.
 */
public record ApiOrder(
        String id,
        String reference,
        String status,
        int amount,
        int initialAmount,
        String currency,
        String itemName,
        Payer payer,
        JsonNode metadata,
        int instalments,
        List<Term> terms,
        boolean containsDonation,
        String checkoutUrl,
        String orderUrl,
        String returnUrl,
        boolean autoReturn,
        String receiptUrl,
        OffsetDateTime createdAt,
        OffsetDateTime paidAt,
        OffsetDateTime updatedAt,
        /* The payer's answers to the offer's (or the host's) questions, with the labels as asked. */
        List<Answer> answers) {

    /** One answer: the field's key and type, its labels when asked, and the value as text. */
    public record Answer(String key, String type, String labelFr, String labelEn, String value) {
    }

    public record Payer(String firstName, String lastName, String email, String country, LocalDate birthDate) {
    }

    /** status: PLANNED (not scheduled at HelloAsso yet), SCHEDULED, PAID, FAILED or CANCELLED. */
    public record Term(int number, int amount, LocalDate dueDate, String status) {
    }
}
