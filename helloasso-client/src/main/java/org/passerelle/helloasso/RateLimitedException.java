package org.passerelle.helloasso;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** HelloAsso answered 429 (after the retries allowed for the call); {@link #retryAfter()} is its Retry-After. */
public class RateLimitedException extends HelloAssoApiException {
    private final Duration retryAfter;

    public RateLimitedException(int statusCode, String responseBody, String method, String path,
                                List<ApiError> errors, Duration retryAfter) {
        super(statusCode, responseBody, method, path, errors);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
