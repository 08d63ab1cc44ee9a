package org.passerelle.helloasso;

/**
 * Where an {@link ApiRequester} gets its bearer tokens: the client credentials ({@link AccessTokens}) or one
 * organization's tokens from the partner authorization flow ({@link OrganizationTokens}).
 */
interface TokenSource {

    /** A token valid for at least a safety margin, renewing it if needed. */
    String accessToken();

    /** HelloAsso refused this token before its expiry: the next {@link #accessToken()} renews it. */
    void invalidate(String rejectedAccessToken);
}
