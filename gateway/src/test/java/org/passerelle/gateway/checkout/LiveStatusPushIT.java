package org.passerelle.gateway.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.StreamLines;
import org.springframework.test.context.TestPropertySource;

/**
 * A change this instance makes reaches the order pages it serves as soon as it is committed, not at the next database
 * poll (issue 13): here the poll runs once an hour (its first run, at start-up, found no page open), on H2 (no
 * LISTEN/NOTIFY), and the page still turns PAID as soon as HelloAsso's notification is verified.
 */
@TestPropertySource(properties = "passerelle.live-status.poll-interval=1h")
class LiveStatusPushIT extends GatewayTestSupport {

    @Test
    void thePageSeesThePaymentAsSoonAsTheNotificationIsVerifiedWithoutWaitingForThePoll() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        goToHelloAsso(payer, placed);
        List<String> lines = new CopyOnWriteArrayList<>();
        var stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(payer.resolve("/orders/"
                        + placed.orderId() + "/events?t=" + placed.token())).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new StreamLines(lines)));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().anyMatch(l -> l.contains("\"PENDING\"")));

            emulator().control().pay(order(placed.orderId()).checkoutIntentId());   // the notifications tell the gateway

            await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().anyMatch(l -> l.contains("\"PAID\"")));
            assertThat(lines).filteredOn(l -> l.startsWith("data:")).hasSize(2);
        } finally {
            stream.cancel(true);
        }
    }
}
