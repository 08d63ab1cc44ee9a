package org.passerelle.helloasso.model;

import java.time.LocalDate;

/** A future instalment of a checkout: {@code amount} cents taken on {@code date}. */
public record CheckoutTerm(int amount, LocalDate date) {
}
