package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class ConcurrencyAndLoggingTest {

    @Test
    void concurrentCallersGetDistinctIntentsAndOrders() throws Exception {
        try (HelloAssoEmulator emulator = HelloAssoEmulator.start();
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            Api api = new Api(emulator);
            api.token();
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> emulator.control().pay(api.createIntent(Api.checkoutBody(1000)).get("id").asLong())));
            }
            Set<Long> orderIds = new HashSet<>();
            for (Future<Long> f : futures) {
                orderIds.add(f.get());
            }
            assertThat(orderIds).hasSize(40);
            assertThat(emulator.control().checkoutIntentIds()).hasSize(40);
            assertThat(api.get("/v5/organizations/passerelle-demo/orders?pageSize=100").json().get("pagination")
                    .get("totalCount").asInt()).isEqualTo(40);
        }
    }

    @Test
    void logsNeverCarrySecretsTokensOrSignatureKeys() {
        String form = "grant_type=refresh_token&client_id=emulator-client-id&client_secret=s3cr3t&refresh_token=r3fr3sh";
        String json = "{\"access_token\":\"eyJ.abc.def\",\"refresh_token\":\"r3fr3sh\",\"token_type\":\"bearer\"}";
        String key = "{\"url\":\"https://x\",\"signatureKey\":\"K3Y\"}";

        assertThat(Http.redact(form)).contains("client_id=emulator-client-id").doesNotContain("s3cr3t", "r3fr3sh");
        assertThat(Http.redact(json)).contains("bearer").doesNotContain("eyJ.abc.def", "r3fr3sh");
        assertThat(Http.redact(key)).contains("https://x").doesNotContain("K3Y");
    }

    @Test
    void configurationToStringsHideSecrets() {
        EmulatorConfig config = EmulatorConfig.builder().client("id", "top-secret").notificationUrl("http://x", "key-123").build();
        assertThat(config.defaultClient().toString()).doesNotContain("top-secret");
        assertThat(config.notificationUrl().toString()).doesNotContain("key-123");
    }
}
