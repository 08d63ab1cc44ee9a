package org.passerelle.helloasso;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Retries requests marked {@link HttpTransport.Request#retrySafe()} on network errors, 429 and 5xx, with jittered
 * exponential backoff and honouring Retry-After. Other requests go through exactly once: HelloAsso has no
 * idempotency keys, so a retried POST could create a second checkout or refund twice.
 */
final class RetryingTransport implements HttpTransport {
    private static final System.Logger LOG = System.getLogger("org.passerelle.helloasso");
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    /** A longer Retry-After is not worth blocking the caller for: the 429 is surfaced instead. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final HttpTransport delegate;
    private final int maxRetries;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;

    RetryingTransport(HttpTransport delegate, int maxRetries, Sleeper sleeper, Clock clock, DoubleSupplier random) {
        this.delegate = delegate;
        this.maxRetries = maxRetries;
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public Response send(Request request) throws IOException {
        for (int retry = 0; ; retry++) {
            boolean mayRetry = request.retrySafe() && retry < maxRetries;
            Response response;
            try {
                response = delegate.send(request);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (!mayRetry) {
                    throw e;
                }
                pause(request, retry, backoff(retry), e.toString());
                continue;
            }
            int status = response.statusCode();
            if (!mayRetry || !(status == 429 || status >= 500)) {
                return response;
            }
            Optional<Duration> retryAfter = retryAfter(response, clock);
            if (retryAfter.isPresent() && retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0) {
                return response;
            }
            pause(request, retry, retryAfter.isPresent() ? retryAfter.get() : backoff(retry), "status " + status);
        }
    }

    /** Exponential from {@link #INITIAL_BACKOFF}, capped, then randomly shortened by up to half to spread clients. */
    Duration backoff(int retry) {
        long exponential = INITIAL_BACKOFF.toMillis() << Math.min(retry, 16);
        long capped = Math.min(exponential, MAX_BACKOFF.toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + random.getAsDouble() / 2)));
    }

    private void pause(Request request, int retry, Duration delay, String reason) throws IOException {
        LOG.log(Level.INFO, "Retrying {0} after {1} (retry {2} of {3}) in {4} ms",
                request, reason, retry + 1, maxRetries, delay.toMillis());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + request);
        }
    }

    /** Retry-After in seconds or as an HTTP date; absent, negative or unreadable values count as absent. */
    static Optional<Duration> retryAfter(Response response, Clock clock) {
        Optional<String> header = response.header("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
