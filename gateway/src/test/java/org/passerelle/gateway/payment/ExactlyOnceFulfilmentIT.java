package org.passerelle.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.fulfilment.FulfilmentDispatcher;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** PAID means fulfilled exactly once, whoever verifies and however many at the same moment. */
class ExactlyOnceFulfilmentIT extends GatewayTestSupport {

    @Autowired
    PaymentVerifier verifier;
    @Autowired
    FulfilmentDispatcher dispatcher;

    @Test
    void twentyConcurrentVerificationsMakeOnePaidTransitionAndOneFulfilment() throws Exception {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        URI hosted = goToHelloAsso(payer, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        // the payer pays; HelloAsso's redirect back is what the return path will replay concurrently
        URI returnUrl = payOnHelloAsso(payer, hosted, "4242424242424242").next();

        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                int path = i % 3;
                Callable<String> call = () -> {
                    start.await();
                    return switch (path) {
                        case 0 -> verifier.verify(placed.orderId(), intent, VerificationSource.POLLER, null).name();
                        case 1 -> "return " + browser().get(returnUrl).status();
                        default -> "check " + browser().post("/orders/" + placed.orderId() + "/check-payment",
                                Map.of("t", placed.token())).status();
                    };
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }
            assertThat(outcomes).filteredOn(o -> o.startsWith("return") || o.startsWith("check"))
                    .allSatisfy(o -> assertThat(o).endsWith("303"));
        } finally {
            pool.shutdownNow();
        }

        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
        assertThat(outbox.forOrder(placed.orderId())).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(placed.orderId()) == 1);
        dispatcher.sweep();   // a sweep after delivery delivers nothing again
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
        assertThat(deliveries(placed.orderId())).isEqualTo(1);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("fulfilment.delivered")).hasSize(1);
    }

    @Test
    void aFailingChannelIsRetriedAfterCommitUntilItSucceeds() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        counting.failNext(placed.orderId(), 2);
        payer.follow(payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next()));
        assertThat(order(placed.orderId()).status()).as("paying never waits for delivery").isEqualTo(OrderStatus.PAID);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> outbox.forOrder(placed.orderId()).getFirst().status().equals("DELIVERED"));
        FulfilmentOutbox.Entry entry = outbox.forOrder(placed.orderId()).getFirst();
        assertThat(entry.attempts()).isEqualTo(3);
        assertThat(counting.calls(placed.orderId())).isEqualTo(3);
        assertThat(deliveries(placed.orderId())).as("the recording channel is idempotent").isEqualTo(1);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("fulfilment.failed")).hasSize(2);
    }

    @Test
    void verifyingAPaidOrderAgainChangesNothingAndCallsNobody() {
        Browser payer = browser();
        Placed placed = placeOrder(payer, "atelier-initiation");
        payer.follow(payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next()));
        long intent = order(placed.orderId()).checkoutIntentId();
        long reads = emulator().control().callCount("checkoutIntents.get");
        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(placed.orderId(), intent, VerificationSource.MANUAL, null))
                    .isEqualTo(Verification.ALREADY_PAID);
        }
        assertThat(emulator().control().callCount("checkoutIntents.get")).isEqualTo(reads);
        assertThat(outbox.forOrder(placed.orderId())).hasSize(1);
    }
}
