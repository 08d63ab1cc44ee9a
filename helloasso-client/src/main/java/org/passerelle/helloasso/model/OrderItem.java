package org.passerelle.helloasso.model;

/**
 * One item of an order, amounts in cents. {@code amount} is the price after discount, {@code initialAmount} the price
 * before it. Nullable: everything except {@code id} and {@code amount}.
 */
public record OrderItem(long id, int amount, Integer initialAmount, TierType type, ItemState state, String name,
                        PriceCategory priceCategory, Integer minAmount, Integer tierId, String tierDescription,
                        String comment, String ticketUrl, String membershipCardUrl, String qrCode) {
}
