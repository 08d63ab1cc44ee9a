package org.passerelle.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.passerelle.helloasso.notification.NotificationSignature;

/** Posts notifications to the gateway as HelloAsso (or a forger) would. */
public final class Notifications {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Notifications() {
    }

    /** POSTs {@code body}; signed with {@code key} when it is not null, with {@code signature} as given otherwise. */
    public static HttpResponse<String> post(URI url, String body, String key, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String value = key != null ? NotificationSignature.sign(body.getBytes(StandardCharsets.UTF_8), key) : signature;
        if (value != null) {
            request.header(NotificationSignature.HEADER, value);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Order notification as HelloAsso shapes it, for a checkout intent, claiming an Authorized payment. */
    public static String paidOrder(long helloAssoOrderId, long intentId, String orderId, int amount, String organization) {
        return """
                {"eventType":"Order","data":{"id":%d,"date":"2026-11-23T10:00:00+01:00","formSlug":"default",
                "formType":"Checkout","organizationName":"Demo","organizationSlug":"%s","checkoutIntentId":%d,
                "amount":{"total":%d,"vat":0,"discount":0},
                "payments":[{"id":%d,"amount":%d,"state":"Authorized","installmentNumber":1,
                "date":"2026-11-23T10:00:00+01:00","paymentMeans":"Card"}],"items":[]},
                "metadata":{"passerelleOrderId":"%s"}}
                """.formatted(helloAssoOrderId, organization, intentId, amount, helloAssoOrderId + 1, amount, orderId);
    }
}
