package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultipleEmulatorsTest {

    @Test
    void twoEmulatorsInOneJvmHaveTheirOwnPortsStateAndTokens() {
        try (HelloAssoEmulator one = HelloAssoEmulator.start();
             HelloAssoEmulator two = HelloAssoEmulator.start(EmulatorConfig.builder()
                     .organization("autre-asso", "Autre Asso").client("other-id", "other-secret").build())) {
            assertThat(one.baseUrl()).isNotEqualTo(two.baseUrl());
            Api apiOne = new Api(one);
            Api apiTwo = new Api(two);

            apiOne.createIntent(Api.checkoutBody(1000));

            assertThat(one.control().checkoutIntentIds()).hasSize(1);
            assertThat(two.control().checkoutIntentIds()).isEmpty();
            assertThat(two.organizationSlug()).isEqualTo("autre-asso");
            assertThat(apiTwo.createIntent(Api.checkoutBody(500)).get("redirectUrl").asString()).contains("/associations/autre-asso/");
            Api crossed = new Api(two);
            crossed.useToken(apiOne.token());
            assertThat(crossed.get("/v5/partners/me").status()).as("a token of one is unknown to the other").isEqualTo(401);
        }
    }

    @Test
    void aConfiguredPortIsUsedAndFreedOnClose() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (HelloAssoEmulator emulator = HelloAssoEmulator.start(EmulatorConfig.builder().port(port).build())) {
            assertThat(emulator.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + port);
        }
        try (HelloAssoEmulator again = HelloAssoEmulator.start(EmulatorConfig.builder().port(port).build())) {
            assertThat(again.port()).isEqualTo(port);
        }
    }
}
