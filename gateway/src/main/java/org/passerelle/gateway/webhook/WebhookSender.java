package org.passerelle.gateway.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.work.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, each on its own virtual thread with connect and request timeouts, so that a slow or failing
 * host only delays its own deliveries. A 2xx answer delivers; anything else waits for the next step of the retry
 * schedule, and once the schedule is used up the delivery is DEAD (shown in the console, redeliverable).
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final AuditLog audit;
    private final UtcClock clock;
    private final WebhookProperties settings;
    private final HttpClient http;

    public WebhookSender(WebhookDeliveries deliveries, WebhookEndpoints endpoints, AuditLog audit, UtcClock clock,
            WebhookProperties settings) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        deliveries.queue().workWith(this::send);
    }

    /** Starts every due delivery, a few requests at a time per endpoint: a burst neither floods a host nor waits on the others. */
    @Scheduled(fixedDelayString = "${passerelle.webhooks.sweep-interval:5s}",
            initialDelayString = "${passerelle.webhooks.sweep-interval:5s}")
    public void sweep() {
        deliveries.queue().sweep();
    }

    /** One attempt on a claimed delivery; true when the host accepted it now. */
    private boolean send(long id) {
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
                deliveries.delivered(id, response.statusCode());
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
        RetryPolicy.Failure failure = deliveries.queue().failed(delivery.attempts());
        boolean dead = forceDead || failure.dead();
        deliveries.failed(delivery.id(), status, error, failure.next(), dead);
        audit.record(AuditEvent.error(delivery.orderId(), dead ? AuditAction.WEBHOOK_DEAD : AuditAction.WEBHOOK_FAILED).httpStatus(status)
                .message(delivery.event() + " to " + delivery.endpointUrl() + " attempt " + delivery.attempts()
                        + " failed: " + error + (dead ? "; giving up" : "; next attempt in " + failure.delay())));
        log.warn("Webhook {} to {} failed (attempt {}): {}", delivery.event(), delivery.endpointUrl(),
                delivery.attempts(), error);
    }
}
