package org.passerelle.gateway.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, each on its own virtual thread with connect and request timeouts, so that a slow or failing
 * host only delays its own deliveries. A 2xx answer delivers; anything else waits for the next step of the retry
 * schedule, and once the schedule is used up the delivery is DEAD (shown in the console, redeliverable).
 */
@Component
public class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final AuditLog audit;
    private final Clock clock;
    private final WebhookProperties settings;
    private final HttpClient http;
    private final String instanceId = "instance-" + UUID.randomUUID();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    public WebhookSender(WebhookDeliveries deliveries, WebhookEndpoints endpoints, AuditLog audit, Clock clock,
            WebhookProperties settings) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(workers).build();
    }

    @Scheduled(fixedDelayString = "${passerelle.webhooks.sweep-interval:5s}",
            initialDelayString = "${passerelle.webhooks.sweep-interval:5s}")
    public void sweep() {
        for (WebhookDeliveries.DueRef due : deliveries.due(now(), 200)) {
            if (!queued.add(due.id())) {
                continue;   // already waiting for a slot
            }
            Semaphore slots = inFlight.computeIfAbsent(due.endpointId(),
                    id -> new Semaphore(settings.maxConcurrencyPerEndpoint()));
            workers.execute(() -> {
                // a few requests at a time per host: a burst neither floods it nor waits on the others' slots
                slots.acquireUninterruptibly();
                try {
                    send(due.id());
                } finally {
                    slots.release();
                    queued.remove(due.id());
                }
            });
        }
    }

    /** Sends one delivery if it is due and nobody else holds it; true when the host accepted it now. */
    public boolean send(long id) {
        OffsetDateTime now = now();
        if (!deliveries.claim(id, instanceId, now, now.plus(settings.claimDuration()))) {
            return false;
        }
        WebhookDeliveries.Due due = deliveries.load(id).orElseThrow();
        WebhookDeliveries.Delivery delivery = due.delivery();
        String secret = endpoints.secret(delivery.endpointId());
        if (secret == null) {
            fail(delivery, null, "the endpoint was removed", true);
            return false;
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.endpointUrl()))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Passerelle-Webhooks/1")
                .header("webhook-id", delivery.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSigner.sign(secret, delivery.webhookId(), timestamp, due.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(due.payload()))
                .build();
        try {
            HttpResponse<Void> response = post(request);
            if (response.statusCode() / 100 == 2) {
                deliveries.delivered(id, instanceId, response.statusCode());
                audit.record(AuditEvent.success(delivery.orderId(), AuditAction.WEBHOOK_DELIVERED).httpStatus(response.statusCode())
                        .message(delivery.event() + " to " + delivery.endpointUrl() + " (attempt " + delivery.attempts() + ")"));
                return true;
            }
            fail(delivery, response.statusCode(), "HTTP " + response.statusCode(), false);
        } catch (HttpTimeoutException e) {
            fail(delivery, null, "no answer within " + settings.requestTimeout().toSeconds() + " s", false);
        } catch (IOException e) {
            fail(delivery, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(delivery, null, "interrupted", false);
        }
        return false;
    }

    /**
     * A kept-alive connection the host closed just as it was reused fails without the host having seen anything: that
     * is tried once more at once on a fresh connection (the host may, rarely, get the webhook twice: it dedupes on its
     * id anyway). A refused connection or a timeout is the host's state, left to the retry schedule.
     */
    private HttpResponse<Void> post(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException | ConnectException e) {
            throw e;
        } catch (IOException stale) {
            return http.send(request, HttpResponse.BodyHandlers.discarding());
        }
    }

    private void fail(WebhookDeliveries.Delivery delivery, Integer status, String error, boolean forceDead) {
        List<Duration> schedule = settings.retrySchedule();
        boolean dead = forceDead || delivery.attempts() > schedule.size();
        Duration wait = schedule.get(Math.min(delivery.attempts(), schedule.size()) - 1);
        deliveries.failed(delivery.id(), instanceId, status, error, now().plus(wait), dead);
        audit.record(AuditEvent.error(delivery.orderId(), dead ? AuditAction.WEBHOOK_DEAD : AuditAction.WEBHOOK_FAILED).httpStatus(status)
                .message(delivery.event() + " to " + delivery.endpointUrl() + " attempt " + delivery.attempts()
                        + " failed: " + error + (dead ? "; giving up" : "; next attempt in " + wait)));
        log.warn("Webhook {} to {} failed (attempt {}): {}", delivery.event(), delivery.endpointUrl(),
                delivery.attempts(), error);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
