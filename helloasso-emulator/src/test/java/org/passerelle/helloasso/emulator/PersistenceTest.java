package org.passerelle.helloasso.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An emulator started again on the same data directory continues where the last one stopped, as HelloAsso would. */
class PersistenceTest {

    @TempDir
    Path dir;

    HelloAssoEmulator start() {
        return HelloAssoEmulator.start(EmulatorConfig.builder().dataDir(dir).accessTokenTtl(Duration.ofDays(1)).build());
    }

    @Test
    void intentsOrdersPaymentsRefundsUrlsAndTheClockSurviveARestartAndNoIdIsIssuedTwice() {
        long paidIntent;
        long openIntent;
        long orderId;
        long paymentId;
        long refundId;
        String order;
        String redirect;
        Instant clockBefore;
        try (HelloAssoEmulator first = start()) {
            Api api = new Api(first);
            ObjectNode body = Api.checkoutBody(3000);
            body.put("initialAmount", 1000);
            LocalDate today = LocalDate.ofInstant(first.control().now(), EmulatorClock.PARIS);
            body.putArray("terms").addObject().put("amount", 2000).put("date", today.plusMonths(1) + "T00:00:00Z");
            paidIntent = api.createIntent(body).get("id").asLong();
            orderId = first.control().pay(paidIntent);
            paymentId = first.control().paymentIds(orderId).getFirst();
            refundId = api.post("/v5/payments/" + paymentId + "/refund?amount=400", null).json().get("id").asLong();
            first.control().advanceClock(Duration.ofHours(2)); // the refund settles, the clock is two hours ahead
            JsonNode created = api.createIntent(Api.checkoutBody(700));
            openIntent = created.get("id").asLong();
            redirect = created.get("redirectUrl").asString();
            api.put("/v5/partners/me/api-notifications", "{\"url\":\"http://127.0.0.1:9/hook\",\"notificationType\":\"Order\"}");
            order = api.get("/v5/orders/" + orderId).body().replace(first.baseUrl().toString(), "{base}");
            clockBefore = first.control().now();
        }

        try (HelloAssoEmulator second = start()) {
            Api api = new Api(second);
            assertThat(second.control().now()).as("the clock kept its offset").isAfterOrEqualTo(clockBefore);
            assertThat(api.get("/v5/orders/" + orderId).body().replace(second.baseUrl().toString(), "{base}"))
                    .as("the same order, field for field (on another port)").isEqualTo(order);
            JsonNode payment = api.get("/v5/payments/" + paymentId).json();
            assertThat(payment.at("/refundOperations/0/id").asLong()).isEqualTo(refundId);
            assertThat(payment.at("/refundOperations/0/status").asString()).isEqualTo("Processed");
            assertThat(api.get("/v5/organizations/passerelle-demo/checkout-intents/" + paidIntent).json().at("/order/id").asLong())
                    .isEqualTo(orderId);
            assertThat(api.get("/v5/partners/me").json().get("urlNotificationList").findValuesAsString("url"))
                    .contains("http://127.0.0.1:9/hook");
            // the payer can still use the page of an intent created before the restart (same host and port aside)
            String path = java.net.URI.create(redirect).getPath();
            assertThat(api.raw(java.net.http.HttpRequest.newBuilder(java.net.URI.create(second.baseUrl() + path))).status())
                    .isEqualTo(200);

            long next = api.createIntent(Api.checkoutBody(800)).get("id").asLong();
            assertThat(next).isGreaterThan(openIntent);
            long nextOrder = second.control().pay(next);
            assertThat(nextOrder).isGreaterThan(orderId);
            long nextPayment = second.control().paymentIds(nextOrder).getFirst();
            assertThat(nextPayment).isNotIn(second.control().paymentIds(orderId));
            long nextRefund = api.post("/v5/payments/" + nextPayment + "/refund", null).json().get("id").asLong();
            assertThat(nextRefund).isGreaterThan(refundId);
            assertThat(second.control().pay(openIntent)).as("an intent left open before the restart can be paid").isPositive();
        }
    }

    @Test
    void aJournalLineTornByACrashIsDroppedAndEverythingBeforeItIsKept() throws IOException {
        long intentId;
        try (HelloAssoEmulator first = start()) {
            intentId = new Api(first).createIntent(Api.checkoutBody(1000)).get("id").asLong();
            first.control().pay(intentId);
        }
        // what a kill -9 in the middle of a write leaves: the start of a line, no newline
        Files.writeString(dir.resolve(StateStore.JOURNAL), "{\"t\":\"intent\",\"at\":\"2026-", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (HelloAssoEmulator second = start()) {
            assertThat(second.control().checkoutIntent(intentId).get("orderId")).isNotNull();
            assertThat(new Api(second).createIntent(Api.checkoutBody(1000)).get("id").asLong()).isGreaterThan(intentId);
        }
        try (HelloAssoEmulator third = start()) {
            assertThat(third.control().checkoutIntentIds()).hasSize(2);
        }
    }

    @Test
    void aResetEmptiesTheStateButKeepsCountingIds() {
        long before;
        try (HelloAssoEmulator first = start()) {
            before = new Api(first).createIntent(Api.checkoutBody(1000)).get("id").asLong();
            first.control().reset();
            assertThat(first.control().checkoutIntentIds()).isEmpty();
        }
        try (HelloAssoEmulator second = start()) {
            assertThat(second.control().checkoutIntentIds()).isEmpty();
            assertThat(new Api(second).createIntent(Api.checkoutBody(1000)).get("id").asLong()).isGreaterThan(before);
        }
    }

    @Test
    void withoutADataDirectoryNothingIsWritten() {
        try (HelloAssoEmulator memory = HelloAssoEmulator.start()) {
            new Api(memory).createIntent(Api.checkoutBody(1000));
            assertThat(memory.dataDir()).isNull();
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void partnerLinksDomainsAndOrganizationRefreshTokensSurviveARestartButNotSpentOnes() {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String redirect = "http://127.0.0.1:9/cb";
        String spent;
        String current;
        try (HelloAssoEmulator first = start()) {
            Api api = new Api(first);
            first.control().registerRedirectDomain(first.partnerClientId(), "http://127.0.0.1:9");
            java.net.URI authorize = java.net.URI.create(first.authorizeUrl() + "?client_id=" + first.partnerClientId()
                    + "&redirect_uri=" + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=s");
            String code = first.control().approveAuthorization(authorize, first.organizationSlug()).getRawQuery()
                    .split("&")[0].substring("code=".length());
            spent = api.tokenRequest(java.util.Map.of("grant_type", "authorization_code", "client_id", first.partnerClientId(),
                    "client_secret", first.partnerClientSecret(), "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8),
                    "redirect_uri", redirect, "code_verifier", verifier)).json().get("refresh_token").asString();
            current = refresh(api, first, spent).json().get("refresh_token").asString();
        }

        try (HelloAssoEmulator second = start()) {
            Api api = new Api(second);
            assertThat(second.control().linkedOrganizations(second.partnerClientId())).containsExactly(second.organizationSlug());
            assertThat(refresh(api, second, spent).status()).isEqualTo(400);
            Api.Reply renewed = refresh(api, second, current);
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(renewed.json().get("organization_slug").asString()).isEqualTo(second.organizationSlug());
            api.useToken(api.clientCredentials(second.partnerClientId(), second.partnerClientSecret()).json()
                    .get("access_token").asString());
            assertThat(api.get("/v5/partners/me").json().at("/apiClient/domain").asString()).isEqualTo("http://127.0.0.1:9");
            assertThat(api.get("/v5/partners/me/organizations").json().at("/data/0/availableAccessToken").asBoolean()).isTrue();
        }
    }

    private static Api.Reply refresh(Api api, HelloAssoEmulator emulator, String refreshToken) {
        return api.tokenRequest(java.util.Map.of("grant_type", "refresh_token", "client_id", emulator.partnerClientId(),
                "client_secret", emulator.partnerClientSecret(), "refresh_token", refreshToken));
    }
}
