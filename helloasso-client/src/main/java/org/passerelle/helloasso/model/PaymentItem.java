package org.passerelle.helloasso.model;

/**
 * The part of an item a payment paid for, in cents. Inside an order's payments HelloAsso only sends the share
 * amounts, so there {@code amount} is 0 and {@code type}, {@code state}, {@code name} are null.
 */
public record PaymentItem(long id, int amount, Integer shareAmount, Integer shareItemAmount,
                          Integer shareOptionsAmount, Integer initialAmount, TierType type, ItemState state,
                          String name) {
}
