package org.passerelle.gateway.api;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Supplier;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.web.SafeText;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for any API POST: the first request with a key takes it (a row whose primary key is the
 * pair API key + Idempotency-Key, so the database lets exactly one in), runs, and stores its answer; the same key with
 * the same body gets that answer again, with another body a 409. A concurrent twin waits for the first to finish.
 * Only successful answers are kept: after an error the client may try the same key again. A key expires
 * {@code passerelle.api.idempotency-key-ttl} after its first use (24 h by default, as Stripe does): it may then be used
 * afresh, and a periodic purge deletes expired rows.
 */
@Component
public class Idempotency {

    static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A request that took the key and never finished (crash) releases it after this. */
    private static final Duration ABANDONED = Duration.ofMinutes(2);

    private record Stored(String requestHash, Integer status, String body, String location, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final UtcClock clock;
    private final Duration ttl;

    public Idempotency(JdbcClient jdbc, JsonMapper json, UtcClock clock, ApiProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.ttl = properties.idempotencyKeyTtl();
    }

    /** Deletes the keys used more than the TTL ago; returns how many. Every instance may run it: it is one DELETE. */
    @Scheduled(fixedDelayString = "${passerelle.api.idempotency-purge-interval:1h}",
            initialDelayString = "${passerelle.api.idempotency-purge-interval:1h}")
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM api_idempotency WHERE created_at < :cutoff")
                .param("cutoff", clock.now().minus(ttl)).update();
    }

    /**
     * Runs {@code action} once per (apiKeyId, key); {@code key} null runs it without idempotency. Not to be called
     * inside a transaction: the key is taken and released in its own.
     */
    public ResponseEntity<?> run(String apiKeyId, String key, RequestFingerprint request,
            Supplier<ResponseEntity<?>> action) {
        if (key == null) {
            return action.get();
        }
        if (!SafeText.isClean(key)) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    java.util.List.of(new ApiProblemException.FieldProblem(HEADER, "text")), 1);
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation",
                    java.util.List.of(new ApiProblemException.FieldProblem(HEADER, "length", 1, MAX_KEY_LENGTH)), 1);
        }
        if (!take(apiKeyId, key, request.hash())) {
            return replay(apiKeyId, key, request);
        }
        ResponseEntity<?> response;
        try {
            response = action.get();
        } catch (RuntimeException e) {
            release(apiKeyId, key);
            throw e;
        }
        if (!response.getStatusCode().is2xxSuccessful()) {
            release(apiKeyId, key);
            return response;
        }
        if (response.getBody() == null) {
            complete(apiKeyId, key, response, json.writeValueAsString(null));
            return response;
        }
        // written once: the kept answer and the one sent now are the same bytes (replays send them again)
        String body = json.writeValueAsString(response.getBody());
        complete(apiKeyId, key, response, body);
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private void complete(String apiKeyId, String key, ResponseEntity<?> response, String body) {
        jdbc.sql("""
                UPDATE api_idempotency SET response_status = :status, response_body = :body, response_location = :location,
                    completed_at = :now
                WHERE api_key_id = :apiKey AND idempotency_key = :key
                """)
                .param("status", response.getStatusCode().value()).param("body", body)
                .param("location", response.getHeaders().getLocation() == null ? null : response.getHeaders().getLocation().toString())
                .param("now", clock.now()).param("apiKey", apiKeyId).param("key", key).update();
    }

    private boolean take(String apiKeyId, String key, String requestHash) {
        if (insert(apiKeyId, key, requestHash)) {
            return true;
        }
        // taken: by an expired key not purged yet, which is gone all the same (deleted only then: one statement
        // per request in the usual case, a fresh key)
        int expired = jdbc.sql("DELETE FROM api_idempotency WHERE api_key_id = :apiKey AND idempotency_key = :key AND created_at < :cutoff")
                .param("apiKey", apiKeyId).param("key", key).param("cutoff", clock.now().minus(ttl)).update();
        return expired > 0 && insert(apiKeyId, key, requestHash);
    }

    private boolean insert(String apiKeyId, String key, String requestHash) {
        try {
            return jdbc.sql("""
                    INSERT INTO api_idempotency (api_key_id, idempotency_key, request_hash, created_at)
                    VALUES (:apiKey, :key, :hash, :now)
                    """)
                    .param("apiKey", apiKeyId).param("key", key).param("hash", requestHash).param("now", clock.now())
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    private ResponseEntity<?> replay(String apiKeyId, String key, RequestFingerprint request) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Stored> stored = find(apiKeyId, key);
            if (stored.isEmpty()) {
                // the first request failed and let the key go: this one runs it instead
                throw new ApiProblemException(HttpStatus.CONFLICT, "idempotency_retry");
            }
            if (!request.matches(stored.get().requestHash())) {
                throw new ApiProblemException(HttpStatus.CONFLICT, "idempotency_mismatch");
            }
            if (stored.get().status() != null) {
                ResponseEntity.BodyBuilder answer = ResponseEntity.status(stored.get().status())
                        .contentType(MediaType.APPLICATION_JSON).header("Idempotent-Replayed", "true");
                if (stored.get().location() != null) {
                    answer.location(URI.create(stored.get().location()));
                }
                return answer.body(stored.get().body());
            }
            if (stored.get().createdAt().isBefore(clock.now().minus(ABANDONED))) {
                release(apiKeyId, key);
                throw new ApiProblemException(HttpStatus.CONFLICT, "idempotency_retry");
            }
            if (System.nanoTime() > deadline) {
                throw new ApiProblemException(HttpStatus.CONFLICT, "idempotency_in_progress");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiProblemException(HttpStatus.CONFLICT, "idempotency_in_progress");
            }
        }
    }

    private Optional<Stored> find(String apiKeyId, String key) {
        return jdbc.sql("SELECT * FROM api_idempotency WHERE api_key_id = :apiKey AND idempotency_key = :key")
                .param("apiKey", apiKeyId).param("key", key)
                .query((rs, row) -> new Stored(rs.getString("request_hash"),
                        rs.getObject("response_status") == null ? null : rs.getInt("response_status"),
                        rs.getString("response_body"), rs.getString("response_location"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .optional();
    }

    private void release(String apiKeyId, String key) {
        jdbc.sql("DELETE FROM api_idempotency WHERE api_key_id = :apiKey AND idempotency_key = :key AND completed_at IS NULL")
                .param("apiKey", apiKeyId).param("key", key).update();
    }
}
