package org.passerelle.gateway.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.representation.ApiOrders;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.fulfilment.FulfilmentHandler;
import org.passerelle.gateway.organization.OrganizationClients;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook channel of the outbox: turns each host event into one delivery row per interested endpoint (with its
 * body frozen, so every attempt sends the same bytes under the same webhook-id), then lets the sender work. It never
 * waits for a host: the outbox row is done once its deliveries are recorded.
 */
@Component
public class WebhookFanOut implements FulfilmentHandler {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final ApiOrders representation;
    private final JsonMapper json;
    private final UtcClock clock;
    private final OrganizationClients organizations;

    public WebhookFanOut(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookSender sender,
            ApiOrders representation, JsonMapper json, UtcClock clock, OrganizationClients organizations) {
        this.organizations = organizations;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.sender = sender;
        this.representation = representation;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public void deliver(FulfilmentEvent event) {
        if (!HostEvents.ALL.contains(event.event().code())) {
            return;
        }
        String webhookId = webhookId(event);
        String payload = null;
        boolean added = false;
        for (WebhookEndpoints.Endpoint endpoint : endpoints.list()) {
            if (!endpoint.wants(event.event().code()) || !endpoint.covers(event.order().apiKeyId(),
                    organizations.isConfigured(event.order().organizationSlug()))) {
                continue;
            }
            if (payload == null) {
                payload = payload(event);
            }
            added |= deliveries.insert(event.fulfilmentId(), event.order().id(), endpoint, event.event().code(), event.key(),
                    webhookId, payload);
        }
        if (added) {
            sender.sweep();
        }
    }

    /** Stable for an event whatever the attempt: the host deduplicates on it. */
    static String webhookId(FulfilmentEvent event) {
        return "msg_" + event.order().id() + "_" + event.event() + (event.key().isEmpty() ? "" : "_" + event.key());
    }

    private String payload(FulfilmentEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.event().code());
        body.put("timestamp", clock.now().toString());
        if (!event.key().isEmpty()) {
            body.put("key", event.key());
        }
        body.put("data", representation.of(event.order()));
        return json.writeValueAsString(body);
    }
}
