package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Filters for listing an organization's orders; every field is optional (null = HelloAsso's default). {@code to} is
 * exclusive. {@code pageSize} is the size of each page fetched, not a limit on the total.
 */
public record OrderListParams(OffsetDateTime from, OffsetDateTime to, String userSearchKey, List<FormType> formTypes,
                              Boolean withDetails, SortOrder sortOrder, Integer pageSize) {

    public OrderListParams {
        formTypes = Lists.copy(formTypes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No filter: every order, newest first. */
    public static OrderListParams none() {
        return builder().build();
    }

    public static final class Builder {
        private OffsetDateTime from;
        private OffsetDateTime to;
        private String userSearchKey;
        private List<FormType> formTypes = List.of();
        private Boolean withDetails;
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

        public Builder formTypes(FormType... formTypes) {
            this.formTypes = Arrays.asList(formTypes);
            return this;
        }

        public Builder withDetails(boolean withDetails) {
            this.withDetails = withDetails;
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

        public OrderListParams build() {
            return new OrderListParams(from, to, userSearchKey, formTypes, withDetails, sortOrder, pageSize);
        }
    }
}
