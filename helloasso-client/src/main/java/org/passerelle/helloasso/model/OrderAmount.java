package org.passerelle.helloasso.model;

/** Amounts of an order, in cents. */
public record OrderAmount(int total, int vat, int discount) {
}
