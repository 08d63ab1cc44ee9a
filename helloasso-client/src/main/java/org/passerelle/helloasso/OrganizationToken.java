package org.passerelle.helloasso;

import java.time.Instant;
import java.util.Objects;

/**
 * Partner mode: the tokens that let the partner act for one linked organization. HelloAsso rotates the refresh token
 * at every refresh, so the newest one must always be the one stored ({@link OrganizationTokenStore#save}).
 * {@link #toString()} hides both tokens.
 *
 * @param obtainedAt when the access token was issued, with {@code expiresAt} it gives the token's lifetime
 */
public record OrganizationToken(String organizationSlug, String accessToken, String refreshToken, Instant obtainedAt,
                                Instant expiresAt) {

    public OrganizationToken {
        Objects.requireNonNull(organizationSlug, "organizationSlug");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "OrganizationToken[organizationSlug=" + organizationSlug + ", accessToken=***, refreshToken="
                + (refreshToken == null ? "null" : "***") + ", obtainedAt=" + obtainedAt + ", expiresAt=" + expiresAt + "]";
    }
}
