package org.passerelle.gateway.checkout;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code s} parameter of the URLs given to HelloAsso: {@code <orderId>.<expiry epoch seconds>.<HMAC-SHA256>}.
 * It identifies the order without a session and expires; it carries nothing secret (the order page still needs its
 * own access token). The key is shared by all instances.
 */
public final class SignedState {

    private static final Pattern ORDER_ID = Pattern.compile("[0-9a-f-]{36}");
    /** Instances' clocks may differ a little: a state signed by one is accepted by the others. */
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    public SignedState(byte[] key, Duration ttl, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("The state key must have at least 32 bytes");
        }
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    public String sign(String orderId) {
        if (!ORDER_ID.matcher(orderId).matches()) {
            throw new IllegalArgumentException("Not an order id: " + orderId);
        }
        String payload = orderId + "." + clock.instant().plus(ttl).getEpochSecond();
        return payload + "." + mac(payload);
    }

    /** The order id when the state is intact and not expired; empty otherwise. */
    public Optional<String> verify(String state) {
        return check(state) instanceof Result.Valid valid ? Optional.of(valid.orderId()) : Optional.empty();
    }

    public sealed interface Result {
        record Valid(String orderId) implements Result {
        }

        record Invalid(String reason) implements Result {
        }

        /** Correctly signed but too old: the order is known, so callers can still help the payer. */
        record Expired(String orderId) implements Result {
        }
    }

    public Result check(String state) {
        if (state == null || state.isBlank()) {
            return new Result.Invalid("missing state");
        }
        if (state.length() > 200) {
            return new Result.Invalid("malformed state");
        }
        int last = state.lastIndexOf('.');
        int first = state.indexOf('.');
        if (first <= 0 || last == first) {
            return new Result.Invalid("malformed state");
        }
        String payload = state.substring(0, last);
        String signature = state.substring(last + 1);
        if (!MessageDigest.isEqual(mac(payload).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Result.Invalid("bad state signature");
        }
        String orderId = payload.substring(0, first);
        long expiry;
        try {
            expiry = Long.parseLong(payload.substring(first + 1));
        } catch (NumberFormatException e) {
            return new Result.Invalid("malformed state");
        }
        if (!ORDER_ID.matcher(orderId).matches()) {
            return new Result.Invalid("malformed state");
        }
        // a state is only ever signed for now + ttl: any other expiry (negative, centuries away, beyond what an
        // Instant holds) was not made here, even with the right signature
        long latest = clock.instant().plus(ttl).plus(MAX_CLOCK_SKEW).getEpochSecond();
        if (expiry < 0 || expiry > latest) {
            return new Result.Invalid("state with an impossible expiry");
        }
        if (clock.instant().isAfter(Instant.ofEpochSecond(expiry))) {
            return new Result.Expired(orderId);
        }
        return new Result.Valid(orderId);
    }

    private String mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
