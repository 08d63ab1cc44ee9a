package org.passerelle.helloasso.model;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.passerelle.helloasso.HelloAssoJson;
import org.passerelle.helloasso.InvalidRequestException;

/**
 * Body of a checkout intent creation (HelloAsso {@code InitCheckoutBody}); amounts are integer cents, EUR.
 * {@code totalAmount} must equal {@code initialAmount} plus every term. {@code terms} is never null (empty for a single
 * payment); {@code payer} and {@code metadata} may be null. Build one with {@link #builder()}; the client calls
 * {@link #validate(boolean)} before sending.
 */
public record CheckoutIntentRequest(int totalAmount, int initialAmount, String itemName, String backUrl,
                                    String errorUrl, String returnUrl, boolean containsDonation,
                                    List<CheckoutTerm> terms, CheckoutPayer payer, Map<String, Object> metadata) {

    public static final int MAX_ITEM_NAME_LENGTH = 250;
    public static final int MAX_METADATA_LENGTH = 20_000;
    private static final int MAX_PAYER_FIELD_LENGTH = 255;

    public CheckoutIntentRequest {
        terms = Lists.copy(terms);
        metadata = Lists.copyOrNull(metadata);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same request without payer pre-fill, for when HelloAsso rejects the payer data. */
    public CheckoutIntentRequest withoutPayer() {
        return new CheckoutIntentRequest(totalAmount, initialAmount, itemName, backUrl, errorUrl, returnUrl,
                containsDonation, terms, null, metadata);
    }

    /**
     * Checks what HelloAsso would reject, so the caller gets an error naming the field instead of a bare 400.
     *
     * @param requireHttps true against production, where the return URLs must be HTTPS
     * @throws InvalidRequestException naming the first invalid field
     */
    public void validate(boolean requireHttps) {
        if (itemName == null || itemName.isBlank()) {
            throw new InvalidRequestException("itemName", "is required");
        }
        if (itemName.length() > MAX_ITEM_NAME_LENGTH) {
            throw new InvalidRequestException("itemName",
                    "must be at most " + MAX_ITEM_NAME_LENGTH + " characters, got " + itemName.length());
        }
        requirePositive("totalAmount", totalAmount);
        requirePositive("initialAmount", initialAmount);
        long sum = initialAmount;
        for (int i = 0; i < terms.size(); i++) {
            CheckoutTerm term = terms.get(i);
            if (term == null) {
                throw new InvalidRequestException("terms[" + i + "]", "must not be null");
            }
            requirePositive("terms[" + i + "].amount", term.amount());
            if (term.date() == null) {
                throw new InvalidRequestException("terms[" + i + "].date", "is required");
            }
            sum += term.amount();
        }
        if (sum != totalAmount) {
            throw new InvalidRequestException("totalAmount", "must equal initialAmount plus all terms ("
                    + sum + " cents), got " + totalAmount + " cents");
        }
        requireUrl("backUrl", backUrl, requireHttps);
        requireUrl("errorUrl", errorUrl, requireHttps);
        requireUrl("returnUrl", returnUrl, requireHttps);
        if (payer != null) {
            validatePayer(payer);
        }
        if (metadata != null) {
            int length = HelloAssoJson.mapper().writeValueAsString(metadata).length();
            if (length > MAX_METADATA_LENGTH) {
                throw new InvalidRequestException("metadata", "must be at most " + MAX_METADATA_LENGTH
                        + " characters once serialised, got " + length);
            }
        }
    }

    private static void validatePayer(CheckoutPayer payer) {
        requireMaxLength("payer.firstName", payer.firstName());
        requireMaxLength("payer.lastName", payer.lastName());
        requireMaxLength("payer.email", payer.email());
        requireMaxLength("payer.companyName", payer.companyName());
        if (payer.country() != null && !Countries.isAlpha3(payer.country())) {
            throw new InvalidRequestException("payer.country",
                    "must be an ISO 3166-1 country code (alpha-2 or alpha-3), got \"" + payer.country() + "\"");
        }
    }

    private static void requirePositive(String field, int cents) {
        if (cents <= 0) {
            throw new InvalidRequestException(field, "must be a positive amount in cents, got " + cents);
        }
    }

    private static void requireMaxLength(String field, String value) {
        if (value != null && value.length() > MAX_PAYER_FIELD_LENGTH) {
            throw new InvalidRequestException(field, "must be at most " + MAX_PAYER_FIELD_LENGTH + " characters");
        }
    }

    private static void requireUrl(String field, String value, boolean requireHttps) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "is required");
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "is not a valid URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new InvalidRequestException(field, "must be an absolute http(s) URL: " + value);
        }
        if (requireHttps && !scheme.equals("https")) {
            throw new InvalidRequestException(field, "must use HTTPS against production: " + value);
        }
    }

    /** Builds a request; {@code totalAmount} defaults to {@code initialAmount} plus the terms. */
    public static final class Builder {
        private Integer totalAmount;
        private int initialAmount;
        private String itemName;
        private String backUrl;
        private String errorUrl;
        private String returnUrl;
        private boolean containsDonation;
        private List<CheckoutTerm> terms = List.of();
        private CheckoutPayer payer;
        private Map<String, Object> metadata;

        private Builder() {
        }

        public Builder itemName(String itemName) {
            this.itemName = itemName;
            return this;
        }

        /** A single payment of {@code cents}: total and initial amount both. */
        public Builder amount(int cents) {
            this.totalAmount = cents;
            this.initialAmount = cents;
            this.terms = List.of();
            return this;
        }

        public Builder totalAmount(int cents) {
            this.totalAmount = cents;
            return this;
        }

        public Builder initialAmount(int cents) {
            this.initialAmount = cents;
            return this;
        }

        public Builder terms(List<CheckoutTerm> terms) {
            this.terms = terms == null ? List.of() : List.copyOf(terms);
            return this;
        }

        public Builder terms(CheckoutTerm... terms) {
            return terms(Arrays.asList(terms));
        }

        /**
         * Splits {@code totalCents} into a first payment now and one term per date, as evenly as whole cents allow
         * (parts differ by at most one cent, the earlier parts taking the extra cents), so nothing is lost or invented.
         *
         * @throws InvalidRequestException when there are fewer cents than payments
         */
        public Builder instalments(int totalCents, List<LocalDate> termDates) {
            int parts = termDates.size() + 1;
            if (totalCents < parts) {
                throw new InvalidRequestException("totalAmount",
                        "cannot split " + totalCents + " cents into " + parts + " payments of at least one cent");
            }
            int base = totalCents / parts;
            int extra = totalCents % parts;
            List<CheckoutTerm> split = new ArrayList<>(termDates.size());
            for (int i = 0; i < termDates.size(); i++) {
                split.add(new CheckoutTerm(base + (i + 1 < extra ? 1 : 0), termDates.get(i)));
            }
            this.totalAmount = totalCents;
            this.initialAmount = base + (extra > 0 ? 1 : 0);
            this.terms = List.copyOf(split);
            return this;
        }

        public Builder backUrl(String backUrl) {
            this.backUrl = backUrl;
            return this;
        }

        public Builder errorUrl(String errorUrl) {
            this.errorUrl = errorUrl;
            return this;
        }

        public Builder returnUrl(String returnUrl) {
            this.returnUrl = returnUrl;
            return this;
        }

        public Builder containsDonation(boolean containsDonation) {
            this.containsDonation = containsDonation;
            return this;
        }

        public Builder payer(CheckoutPayer payer) {
            this.payer = payer;
            return this;
        }

        public Builder metadata(Map<String, Object> metadata) {
            this.metadata = metadata;
            return this;
        }

        public CheckoutIntentRequest build() {
            int total = totalAmount != null ? totalAmount : sumSaturated();
            return new CheckoutIntentRequest(total, initialAmount, itemName, backUrl, errorUrl, returnUrl,
                    containsDonation, terms, payer, metadata);
        }

        /** An overflowing sum is clamped, and then fails validation instead of wrapping to a wrong total. */
        private int sumSaturated() {
            long sum = initialAmount;
            for (CheckoutTerm term : terms) {
                sum += term == null ? 0 : term.amount();
            }
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
        }
    }
}
