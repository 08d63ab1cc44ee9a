package org.passerelle.helloasso;

/**
 * The token endpoint refused a grant, not the API client: an authorization code that is unknown, expired or already
 * used, a {@code code_verifier} that does not match its challenge, a redirect URI that differs, or a refresh token
 * that expired, was revoked or was already used (each refresh rotates it). For an organization linked in partner
 * mode this means the organization must be linked again through the authorization page.
 *
 * <p>{@link #error()} is {@code invalid_grant} (RFC 6749) or {@code access_denied}, which HelloAsso's own legacy SDK
 * expects for refresh tokens; HelloAsso documents neither (api-notes §1.4).
 */
public class InvalidGrantException extends AuthenticationException {

    public InvalidGrantException(int statusCode, String error, String errorDescription) {
        super(statusCode, error, errorDescription);
    }
}
