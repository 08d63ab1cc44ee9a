package org.passerelle.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestHost;
import org.passerelle.gateway.support.TestJvm;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhook delivery to a healthy host while two other hosts are slow (2 s, over the timeout) and down (503). API order
 * creation throughput is measured on the server with wrk instead (gateway/src/test/wrk/api-orders.sh): measured from
 * here, the test's own HTTP client was the bottleneck. Not part of the suite; run it with
 * {@code ./mvnw -pl gateway -am test -Dtest=HostsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. It prints its
 * figures and writes them to gateway/target/hosts-benchmark.txt.
 */
@ExtendWith(TestJvm.FullJit.class)
class HostsBenchmark extends GatewayTestSupport {

    /** The figures are the gateway's: exchanges are not validated against HelloAsso's spec while measuring. */
    @Override
    protected boolean heldToHelloAssoSpec() {
        return false;
    }


    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;

    @Test
    void figures() throws Exception {
        StringBuilder out = new StringBuilder();
        ApiClient api = new ApiClient(port, apiKeys.create("bench", "bench").secret());
        try (TestHost healthy = new TestHost(); TestHost slow = new TestHost(); TestHost down = new TestHost().status(503)) {
            slow.answer((path, body) -> new TestHost.Reply(200, "", Duration.ofSeconds(3)));
            List<String> ids = new ArrayList<>();
            for (TestHost host : List.of(healthy, slow, down)) {
                ids.add(endpoints.add(host.url("/hook"), Set.of("order.cancelled"), null, "bench").id());
            }
            int events = 200;
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                orders.add(api.post("/api/v1/orders", ApiClient.order("wh-" + UUID.randomUUID(), 1000)).body().get("id").asString());
            }
            long start = System.nanoTime();
            for (String id : orders) {
                api.post("/api/v1/orders/" + id + "/cancel", "");
            }
            double cancelSeconds = (System.nanoTime() - start) / 1e9;
            while (healthy.received().size() < events) {
                Thread.sleep(20);
            }
            double deliveredSeconds = (System.nanoTime() - start) / 1e9;
            out.append(String.format(Locale.ROOT, "Webhooks: %d order.cancelled events, 3 endpoints (healthy, slow 3 s > 2 s timeout, down 503)%n", events));
            out.append(String.format(Locale.ROOT, "cancel calls took %.2f s (%.1f ms each); all %d delivered to the healthy host after %.2f s%n",
                    cancelSeconds, cancelSeconds * 1000 / events, events, deliveredSeconds));
            out.append(String.format(Locale.ROOT, "meanwhile: slow host saw %d attempts, down host %d%n",
                    slow.received().size(), down.received().size()));
            ids.forEach(id -> endpoints.remove(id, "bench"));
        }
        System.out.println(out);
        Files.writeString(Path.of("target/hosts-benchmark.txt"), out.toString());
    }
}
