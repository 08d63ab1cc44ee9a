package org.passerelle.gateway.instalment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.TestHost;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Payment in monthly terms, end to end with the emulator and its clock; donations. */
class InstalmentsIT extends GatewayTestSupport {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    WebhookEndpoints endpoints;
    @Autowired
    InstalmentTracker tracker;
    @Autowired
    HelloAssoClient helloAsso;

    private ApiClient api() {
        return new ApiClient(port, apiKeys.create("instalments " + UUID.randomUUID(), "test").secret());
    }

    @SuppressWarnings("unchecked")
    @Test
    void threeTermsArePaidOneByOneAndEachLaterTermIsToldOnce() {
        TestHost host = new TestHost();
        WebhookEndpoints.CreatedEndpoint endpoint = endpoints.add(host.url("/hooks"),
                Set.of("order.paid", "instalment.paid", "instalment.failed"), null, "test");
        try {
            ApiClient api = api();
            Map<String, Object> body = ApiClient.order("terms-" + UUID.randomUUID(), 10000);
            body.put("instalments", 3);
            JsonNode created = api.post("/api/v1/orders", body).body();
            String orderId = created.get("id").asString();
            assertThat(created.get("initialAmount").asInt()).isEqualTo(3334);
            assertThat(created.get("terms")).extracting(t -> t.get("amount").asInt()).containsExactly(3334, 3333, 3333);
            assertThat(created.get("terms")).extracting(t -> t.get("status").asString()).containsOnly("PLANNED");

            assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
            long intent = order(orderId).checkoutIntentId();
            Map<String, Object> sent = emulator().control().checkoutIntent(intent);
            assertThat(sent.get("totalAmount")).isEqualTo(10000);
            assertThat(sent.get("initialAmount")).isEqualTo(3334);
            List<Map<String, Object>> terms = (List<Map<String, Object>>) sent.get("terms");
            assertThat(terms).extracting(t -> t.get("amount")).containsExactly(3333, 3333);
            LocalDate today = LocalDate.ofInstant(clock.instant(), PARIS);
            List<LocalDate> dates = terms.stream().map(t -> LocalDate.parse(((String) t.get("date")).substring(0, 10))).toList();
            for (int i = 0; i < dates.size(); i++) {
                assertThat(dates.get(i).getDayOfMonth()).isEqualTo(Math.min(today.getDayOfMonth(), 28));
                assertThat(dates.get(i).withDayOfMonth(1)).isEqualTo(today.withDayOfMonth(1).plusMonths(i + 1));
            }

            // the first term authorised makes the order PAID
            emulator().control().pay(intent);
            verifier.verify(orderId, intent, VerificationSource.POLLER, null);
            assertThat(order(orderId).status()).isEqualTo(OrderStatus.PAID);
            JsonNode paid = api.get("/api/v1/orders/" + orderId).body();
            assertThat(paid.get("terms")).extracting(t -> t.get("status").asString())
                    .containsExactly("PAID", "SCHEDULED", "SCHEDULED");
            assertThat(paid.get("terms").get(1).get("dueDate").asString()).isEqualTo(dates.get(0).toString());

            // a check before the term's date changes nothing
            verifier.verify(orderId, intent, VerificationSource.POLLER, null);
            assertThat(events(orderOutbox(orderId))).containsExactly("order.paid");

            // each term's day comes: HelloAsso takes it, the next read-back tells the host once
            for (int term = 2; term <= 3; term++) {
                LocalDate due = dates.get(term - 2);
                clock.advance(Duration.between(clock.instant(), due.atStartOfDay(PARIS).toInstant()).plusHours(1));
                emulator().control().advanceClock(Duration.ZERO);
                verifier.verify(orderId, intent, VerificationSource.POLLER, null);
                verifier.verify(orderId, intent, VerificationSource.NOTIFICATION, null);
            }
            assertThat(events(orderOutbox(orderId))).containsExactly("order.paid", "instalment.paid", "instalment.paid");
            assertThat(outbox.forOrder(orderId)).extracting(FulfilmentOutbox.Entry::key).containsExactly("", "2", "3");
            assertThat(api.get("/api/v1/orders/" + orderId).body().get("terms")).extracting(t -> t.get("status").asString())
                    .containsOnly("PAID");

            await().atMost(Duration.ofSeconds(10)).until(() -> host.received(orderId).size() == 3);
            List<String> ids = new ArrayList<>();
            host.received(orderId).forEach(r -> ids.add(r.header("webhook-id")));
            assertThat(ids).containsExactlyInAnyOrder("msg_" + orderId + "_order.paid",
                    "msg_" + orderId + "_instalment.paid_2", "msg_" + orderId + "_instalment.paid_3");
            JsonNode third = ApiClient.JSON.readTree(host.received(orderId).stream()
                    .filter(r -> r.header("webhook-id").endsWith("_instalment.paid_3")).findFirst().orElseThrow().body());
            assertThat(third.get("type").asString()).isEqualTo("instalment.paid");
            assertThat(third.get("key").asString()).isEqualTo("3");
        } finally {
            endpoints.remove(endpoint.id(), "test");
            host.close();
        }
    }

    /**
     * After the first of three terms, the payer's page and the console's order page show the schedule (each term's
     * date, amount and status), what was collected and what remains; a refund offers at most what was collected.
     */
    @Test
    void afterTheFirstOfThreeTermsBothPagesTellTheScheduleAndRefundsOfferWhatWasCollected() {
        ApiClient api = api();
        Map<String, Object> body = ApiClient.order("schedule-" + UUID.randomUUID(), 30000);
        body.put("instalments", 3);
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        Browser payer = browser();
        payer.get(URI.create(created.get("checkoutUrl").asString()));
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);

        String page = payer.get(URI.create(created.get("orderUrl").asString())).body();
        assertThat(page).contains("Échéancier").contains("Encaissé\u00A0: 100,00").contains("reste à payer\u00A0: 200,00");
        assertThat(termStatuses(page)).containsExactly("PAID", "SCHEDULED", "SCHEDULED");
        assertThat(page).contains("Payée").contains("À venir");

        String console = admin(ADMIN, ADMIN_PASSWORD).get("/admin/orders/" + orderId).body();
        assertThat(termStatuses(console)).containsExactly("PAID", "SCHEDULED", "SCHEDULED");
        assertThat(console).contains("Encaissé\u00A0: 100,00").contains("remboursé(s) sur 100,00")
                .contains("au plus 100,00").doesNotContain("au plus 300,00")
                .as("terms still to come can be cancelled").contains("id=\"cancel-instalments-form\"");
    }

    private static List<String> termStatuses(String page) {
        Matcher rows = Pattern.compile("<tr data-status=\"([A-Z]+)\">").matcher(page);
        List<String> statuses = new ArrayList<>();
        while (rows.find()) {
            statuses.add(rows.group(1));
        }
        return statuses;
    }

    /**
     * The payer's bank refuses term 2 on its day (the emulator's clock, with HelloAsso's notification and the poller
     * both reading it back): the host is told once; term 3 is still taken. A refused term paid later (the payer updated
     * their card) cannot happen in the emulator, so that last step gives the tracker the order as HelloAsso shows it.
     */
    @Test
    void aRefusedLaterTermIsToldOnceAndAPaymentAfterItToo() {
        ApiClient api = api();
        Map<String, Object> body = ApiClient.order("refused-term-" + UUID.randomUUID(), 9000);
        body.put("instalments", 3);
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        browser().get(URI.create(created.get("checkoutUrl").asString()));
        long intent = order(orderId).checkoutIntentId();
        long haOrderId = emulator().control().pay(intent);
        emulator().control().refuseInstalment(haOrderId, 2);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) emulator().control().checkoutIntent(intent).get("terms");
        for (Map<String, Object> term : sent) {
            // both clocks move on until the emulator's (other tests may have set it ahead) reaches the term's day
            LocalDate due = LocalDate.parse(((String) term.get("date")).substring(0, 10));
            clock.advance(Duration.between(emulator().control().now(), due.atStartOfDay(PARIS).toInstant().plusSeconds(3600)));
            emulator().control().advanceClock(Duration.ZERO);
            verifier.verify(orderId, intent, VerificationSource.POLLER, null);
            verifier.verify(orderId, intent, VerificationSource.NOTIFICATION, null);
        }
        assertThat(emulator().control().paymentIds(haOrderId)).extracting(emulator().control()::paymentState)
                .containsExactly("Authorized", "Refused", "Authorized");
        assertThat(events(orderOutbox(orderId))).containsExactly("order.paid", "instalment.failed", "instalment.paid");
        assertThat(outbox.forOrder(orderId)).extracting(FulfilmentOutbox.Entry::key).containsExactly("", "2", "3");
        assertThat(api.get("/api/v1/orders/" + orderId).body().get("terms")).extracting(t -> t.get("status").asString())
                .containsExactly("PAID", "FAILED", "PAID");

        tracker.observed(order(orderId), withTerm2(helloAsso.orders().get(haOrderId), PaymentState.AUTHORIZED),
                VerificationSource.NOTIFICATION);
        assertThat(events(orderOutbox(orderId)))
                .containsExactly("order.paid", "instalment.failed", "instalment.paid", "instalment.paid");
        assertThat(api.get("/api/v1/orders/" + orderId).body().get("terms").get(1).get("status").asString())
                .isEqualTo("PAID");
    }

    @Test
    void aDonationIsDeclaredToHelloAsso() {
        ApiClient api = api();
        Map<String, Object> body = ApiClient.order("don-" + UUID.randomUUID(), 1500);
        body.put("donation", true);
        JsonNode created = api.post("/api/v1/orders", body).body();
        assertThat(created.get("containsDonation").asBoolean()).isTrue();
        browser().get(URI.create(created.get("checkoutUrl").asString()));
        long intent = order(created.get("id").asString()).checkoutIntentId();
        assertThat(emulator().control().checkoutIntent(intent).get("containsDonation")).isEqualTo(true);
    }

    private List<String> events(List<FulfilmentOutbox.Entry> entries) {
        return entries.stream().map(e -> e.event().code()).toList();
    }

    private List<FulfilmentOutbox.Entry> orderOutbox(String orderId) {
        return outbox.forOrder(orderId);
    }

    private static org.passerelle.helloasso.model.Order withTerm2(org.passerelle.helloasso.model.Order order,
            PaymentState state) {
        List<Payment> payments = order.payments().stream().map(p -> p.installmentNumber() != null
                && p.installmentNumber() == 2 ? new Payment(p.id(), p.amount(), p.amountTip(), p.date(), p.paymentMeans(),
                        p.installmentNumber(), state, p.type(), p.paymentReceiptUrl(), p.fiscalReceiptUrl(),
                        p.cashOutState(), p.refundOperations(), p.order(), p.payer(), p.items(), p.meta()) : p).toList();
        return new org.passerelle.helloasso.model.Order(order.id(), order.date(), order.formSlug(), order.formType(),
                order.organizationName(), order.organizationSlug(), order.checkoutIntentId(), order.payer(),
                order.items(), payments, order.amount(), order.meta());
    }
}
