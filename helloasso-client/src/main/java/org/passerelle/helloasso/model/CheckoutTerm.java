package org.passerelle.helloasso.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.LocalDate;

/**
 * A future instalment of a checkout: {@code amount} cents taken on {@code date}. The date travels as the spec's
 * {@code date-time}, midnight UTC of that day ({@code 2026-04-01T00:00:00Z}): the same calendar day in UTC and in
 * Paris, so HelloAsso keeps the intended day whichever zone it reads it in.
 */
public record CheckoutTerm(int amount, @JsonFormat(pattern = WireDates.MIDNIGHT_UTC) LocalDate date) {
}
