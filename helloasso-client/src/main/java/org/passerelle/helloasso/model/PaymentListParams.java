package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Filters for listing an organization's payments; every field is optional (null = HelloAsso's default). {@code to} is
 * exclusive. {@code pageSize} is the size of each page fetched, not a limit on the total.
 */
public record PaymentListParams(OffsetDateTime from, OffsetDateTime to, String userSearchKey,
                                List<PaymentState> states, SortField sortField, SortOrder sortOrder,
                                Integer pageSize) {

    public PaymentListParams {
        states = Lists.copy(states);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No filter: every payment, newest first. */
    public static PaymentListParams none() {
        return builder().build();
    }

    public static final class Builder {
        private OffsetDateTime from;
        private OffsetDateTime to;
        private String userSearchKey;
        private List<PaymentState> states = List.of();
        private SortField sortField;
        private SortOrder sortOrder;
        private Integer pageSize;

        private Builder() {
        }

        public Builder from(OffsetDateTime from) {
            this.from = from;
            return this;
        }

        public Builder to(OffsetDateTime to) {
            this.to = to;
            return this;
        }

        public Builder userSearchKey(String userSearchKey) {
            this.userSearchKey = userSearchKey;
            return this;
        }

        public Builder states(PaymentState... states) {
            this.states = Arrays.asList(states);
            return this;
        }

        public Builder sortField(SortField sortField) {
            this.sortField = sortField;
            return this;
        }

        public Builder sortOrder(SortOrder sortOrder) {
            this.sortOrder = sortOrder;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public PaymentListParams build() {
            return new PaymentListParams(from, to, userSearchKey, states, sortField, sortOrder, pageSize);
        }
    }
}
