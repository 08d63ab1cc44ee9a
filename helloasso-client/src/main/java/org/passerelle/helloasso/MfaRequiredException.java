package org.passerelle.helloasso;

import java.util.List;

/**
 * The operation (a refund) needs multi-factor authentication of a HelloAsso user, which an API client cannot give:
 * the refund must be done in the HelloAsso back office. {@link #code()} is HelloAsso's code, e.g.
 * {@code AuthorizationErrors.MFA.AccessTokenRequired} or {@code AuthorizationErrors.UserNotEnrolled}.
 */
public class MfaRequiredException extends ConflictException {
    private final String code;

    public MfaRequiredException(int statusCode, String responseBody, String method, String path,
                                List<ApiError> errors, String code) {
        super(statusCode, responseBody, method, path, errors);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
