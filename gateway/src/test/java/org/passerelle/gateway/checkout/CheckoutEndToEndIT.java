package org.passerelle.gateway.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.Outcome;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.model.CheckoutIntentCreated;
import org.passerelle.helloasso.model.CheckoutIntentRequest;
import org.springframework.beans.factory.annotation.Autowired;

/** The payer's path over real HTTP, against the in-process emulator, with every redirect followed by hand. */
class CheckoutEndToEndIT extends GatewayTestSupport {

    private static final String SUCCESS = "4242 4242 4242 4242";
    private static final String REFUSED = "4000000000000002";
    private static final String TECHNICAL_ERROR = "4000000000000119";

    @Autowired
    HelloAssoClient client;

    /** These tests are about the return path alone: HelloAsso's notifications (tested in NotificationsIT) are lost. */
    @org.junit.jupiter.api.BeforeEach
    void withoutNotifications() {
        emulator().control().dropNotifications(true);
    }

    @org.junit.jupiter.api.AfterEach
    void notificationsBack() {
        emulator().control().dropNotifications(false);
    }

    @Test
    void aPaidCheckoutEndsOnTheOrderPageAsPaidAndIsFulfilledOnce() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.CREATED);

        URI hosted = goToHelloAsso(browser, placed);
        Order pending = order(placed.orderId());
        assertThat(pending.status()).isEqualTo(OrderStatus.PENDING);
        Map<String, Object> intent = emulator().control().checkoutIntent(pending.checkoutIntentId());
        assertThat(intent.toString()).contains(placed.orderId()).contains("4000");

        Browser.Page back = payOnHelloAsso(browser, hosted, SUCCESS);
        assertThat(back.location()).startsWith("http://localhost:" + port + "/helloasso/return?s=");
        Browser.Page returned = browser.get(back.next());
        assertThat(returned.status()).isEqualTo(303);
        assertThat(returned.location()).isEqualTo("/orders/" + placed.orderId() + "?notice=paid");

        Browser.Page page = browser.get(returned.next());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().headers().firstValue("Referrer-Policy")).as("the token never leaks").contains("no-referrer");
        assertThat(page.body()).contains("Payée").contains("40,00").contains("Atelier d&#39;initiation")
                .contains("Voir le reçu HelloAsso");

        Order paid = order(placed.orderId());
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.amount()).isEqualTo(4000);
        assertThat(paid.receiptUrl()).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(placed.orderId()) == 1);
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
        assertThat(outbox.forOrder(placed.orderId())).singleElement()
                .satisfies(entry -> assertThat(entry.status()).isEqualTo("DELIVERED"));

        // a reload of the order page, or of the status, repeats nothing
        browser.get("/orders/" + placed.orderId());
        Browser.Page status = browser.get("/orders/" + placed.orderId() + "/payment-status");
        assertThat(status.body()).contains("\"status\":\"PAID\"").contains("\"paid\":true").contains("\"amount\":4000");
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
    }

    @Test
    void aRefusedCardLeavesTheOrderPayableAndTheRetryOnTheSameCheckoutPaysIt() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "adhesion-2026");
        URI hosted = goToHelloAsso(browser, placed);
        long intent = order(placed.orderId()).checkoutIntentId();

        // HelloAsso sends the payer back with code=refused and shows no payment: that decides nothing by itself
        Browser.Page refused = browser.get(payOnHelloAsso(browser, hosted, REFUSED).next());
        assertThat(refused.location()).isEqualTo("/orders/" + placed.orderId() + "?notice=not-confirmed");
        Browser.Page page = browser.get(refused.next());
        assertThat(page.body()).contains("HelloAsso n&#39;a confirmé aucun paiement").contains("id=\"pay\"");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        URI retry = goToHelloAsso(browser, placed);
        assertThat(retry).as("the open checkout is reused: HelloAsso lets the payer try another card").isEqualTo(hosted);
        assertThat(order(placed.orderId()).checkoutIntentId()).isEqualTo(intent);
        browser.follow(browser.get(payOnHelloAsso(browser, retry, SUCCESS).next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        // host applications hear of the payment only: nothing failed at HelloAsso
        assertThat(outbox.forOrder(placed.orderId())).extracting(e -> e.event().code()).containsExactly("order.paid");
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.calls(placed.orderId()) == 1);
    }

    @Test
    void backKeepsTheOrderPayableAndReusesTheOpenCheckout() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        URI hosted = goToHelloAsso(browser, placed);
        long intent = order(placed.orderId()).checkoutIntentId();
        String backUrl = browser.get(hosted).body().replaceAll("(?s).*<a id=\"back\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");

        Browser.Page back = browser.get(URI.create(backUrl));
        assertThat(back.location()).isEqualTo("/orders/" + placed.orderId() + "?notice=back");
        assertThat(browser.get(back.next()).body()).contains("Vous êtes revenu sans payer");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);

        URI again = goToHelloAsso(browser, placed);
        assertThat(again).as("the open checkout is reused").isEqualTo(hosted);
        assertThat(order(placed.orderId()).checkoutIntentId()).isEqualTo(intent);
        browser.follow(browser.get(payOnHelloAsso(browser, again, SUCCESS).next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(events(placed.orderId())).extracting(AuditEvent::action)
                .contains("checkout.created", "checkout.back", "checkout.reused", "payment.verified");
    }

    @Test
    void anErrorAtHelloAssoSaysSoAndOffersARetry() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        URI hosted = goToHelloAsso(browser, placed);
        Browser.Page error = payOnHelloAsso(browser, hosted, TECHNICAL_ERROR);
        assertThat(error.location()).contains("/helloasso/error?s=");
        Browser.Page returned = browser.get(error.next());
        assertThat(returned.location()).isEqualTo("/orders/" + placed.orderId() + "?notice=error");
        Browser.Page page = browser.get(returned.next());
        assertThat(page.body()).contains("Une erreur est survenue sur la page de paiement").contains("id=\"pay\"");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("checkout.error"))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("TechnicalError"));
    }

    @Test
    void anExpiredRedirectIsRenewedWithANewIntent() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        URI hosted = goToHelloAsso(browser, placed);
        long first = order(placed.orderId()).checkoutIntentId();

        clock.advance(Duration.ofMinutes(16));
        assertThat(browser.get(hosted).status()).as("HelloAsso's old link has expired").isEqualTo(410);
        URI renewed = goToHelloAsso(browser, placed);
        assertThat(renewed).isNotEqualTo(hosted);
        assertThat(order(placed.orderId()).checkoutIntentId()).isNotEqualTo(first);

        browser.follow(browser.get(payOnHelloAsso(browser, renewed, SUCCESS).next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aDoubleClickOnPayCreatesOneCheckout() throws Exception {
        Placed placed = placeOrder(browser(), "atelier-initiation");
        long createsBefore = emulator().control().callCount("checkoutIntents.create");
        emulator().control().latency(Duration.ofMillis(300));
        List<Browser.Page> pages = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Browser.Page>> clicks = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clicks.add(pool.submit(() -> {
                    start.await();
                    return browser().get(placed.payUrl());
                }));
            }
            start.countDown();
            for (var click : clicks) {
                pages.add(click.get());
            }
        } finally {
            pool.shutdownNow();
            emulator().control().clearFaults();
        }
        assertThat(emulator().control().callCount("checkoutIntents.create") - createsBefore).isEqualTo(1);
        String hosted = order(placed.orderId()).checkoutIntentId() == null ? null
                : (String) emulator().control().checkoutIntent(order(placed.orderId()).checkoutIntentId()).get("redirectUrl");
        assertThat(pages).allSatisfy(page -> {
            if (page.status() == 303) {
                assertThat(page.location()).as("HelloAsso's page, in the payer's language").isEqualTo(hosted + "?lang=fr");
            } else {
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("Préparation de votre paiement").contains("http-equiv=\"refresh\"");
            }
        });
        assertThat(browser().get(placed.payUrl()).location()).isEqualTo(hosted + "?lang=fr");
    }

    @Test
    void payerDataHelloAssoRejectsIsDroppedAndTheCheckoutStillStarts() {
        Browser browser = browser();
        // passes our form, but the (emulated) HelloAsso finds "Toto" fake and answers 400
        Placed placed = placeOrder(browser, "atelier-initiation", "firstName", "Toto");
        long createsBefore = emulator().control().callCount("checkoutIntents.create");
        URI hosted = goToHelloAsso(browser, placed);
        assertThat(emulator().control().callCount("checkoutIntents.create") - createsBefore).isEqualTo(2);
        assertThat(events(placed.orderId())).extracting(AuditEvent::action)
                .containsSubsequence("checkout.payer_rejected", "checkout.created");
        browser.follow(browser.get(payOnHelloAsso(browser, hosted, SUCCESS).next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void whenHelloAssoFailsTheCreationIsNotRetriedAndThePayerCanTryAgain() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        emulator().control().failNext("checkoutIntents.create", 1, 503);
        long createsBefore = emulator().control().callCount("checkoutIntents.create");
        Browser.Page page = browser.get(placed.payUrl());
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.body()).contains("HelloAsso ne répond pas").contains("Réessayer");
        assertThat(emulator().control().callCount("checkoutIntents.create") - createsBefore).isEqualTo(1);
        assertThat(events(placed.orderId())).extracting(AuditEvent::action).contains("checkout.create_uncertain");

        goToHelloAsso(browser, placed);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void aHostApplicationFailingOverAndOverIsNoFraudSignal() {
        Placed placed = placeOrder(browser(), "atelier-initiation");
        for (int i = 0; i < 7; i++) {
            audit.record(AuditEvent.error(placed.orderId(), AuditAction.WEBHOOK_FAILED).httpStatus(503)
                    .message("Host answered 503"));
            audit.record(AuditEvent.error(placed.orderId(), AuditAction.MOODLE_FAILED).message("Moodle: invalid token"));
        }
        assertThat(events(placed.orderId())).noneMatch(e -> e.action().startsWith("fraud."));
    }

    @Test
    void anotherOrdersPaidIntentDoesNotPayThisOrder() {
        Browser browser = browser();
        Placed victim = placeOrder(browser, "atelier-initiation");
        goToHelloAsso(browser, victim);
        Placed other = placeOrder(browser, "adhesion-2026");
        Browser.Page otherReturn = payOnHelloAsso(browser, goToHelloAsso(browser, other), SUCCESS);
        long otherIntent = order(other.orderId()).checkoutIntentId();

        // the victim's own return URL, with the other order's (paid) intent
        String victimState = stateOf(victim, browser);
        Browser.Page forged = browser.get("/helloasso/return?s=" + victimState + "&checkoutIntentId=" + otherIntent
                + "&code=succeeded&orderId=1");
        assertThat(forged.status()).isEqualTo(303);
        assertThat(order(victim.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(fraud(victim.orderId())).contains("fraud.foreign_intent");
        assertThat(deliveries(victim.orderId())).isZero();

        browser.follow(browser.get(otherReturn.next()));
        assertThat(order(other.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void aPaidIntentWithAnotherAmountOrAnotherOrdersMetadataIsRefused() {
        Browser browser = browser();
        for (boolean wrongAmount : new boolean[] {true, false}) {
            Placed placed = placeOrder(browser, "atelier-initiation");
            goToHelloAsso(browser, placed);
            String state = stateOf(placed, browser);
            // an intent made outside the gateway and slipped into this order's intents (a bug, a tampered database)
            CheckoutIntentCreated rogue = client.checkoutIntents().create(emulator().organizationSlug(),
                    CheckoutIntentRequest.builder().itemName("Atelier").amount(wrongAmount ? 100 : 4000)
                            .containsDonation(false)
                            .returnUrl("http://localhost/r").backUrl("http://localhost/b").errorUrl("http://localhost/e")
                            .metadata(Map.of("passerelleOrderId", wrongAmount ? placed.orderId() : "someone-else"))
                            .build());
            jdbc.sql("""
                    INSERT INTO checkout_intents (intent_id, order_id, organization_slug, redirect_url, amount, created_at, expires_at)
                    VALUES (:id, :order, :org, :url, 4000, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                    """).param("id", rogue.id()).param("order", placed.orderId())
                    .param("org", emulator().organizationSlug()).param("url", rogue.redirectUrl()).update();
            emulator().control().pay(rogue.id());

            Browser.Page forged = browser.get("/helloasso/return?s=" + state + "&checkoutIntentId=" + rogue.id()
                    + "&code=succeeded");
            assertThat(forged.location()).endsWith("?notice=mismatch");
            assertThat(order(placed.orderId()).status()).isNotEqualTo(OrderStatus.PAID);
            assertThat(fraud(placed.orderId())).contains(wrongAmount ? "fraud.amount_mismatch" : "fraud.metadata_mismatch");
            assertThat(deliveries(placed.orderId())).isZero();
        }
    }

    @Test
    void aBadOrMissingStateChangesNothingAndIsRecorded() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        Browser.Page paid = payOnHelloAsso(browser, goToHelloAsso(browser, placed), SUCCESS);
        String state = stateOf(placed, browser);
        String tampered = state.substring(0, state.length() - 2) + (state.endsWith("AA") ? "BB" : "AA");
        long badStatesBefore = countActions("fraud.bad_state");

        for (String url : List.of(
                paid.location().replace(state, tampered),
                paid.location().replaceAll("s=[^&]+&", ""),
                "/helloasso/return",
                "/helloasso/back?s=nonsense",
                "/helloasso/error?s=")) {
            Browser.Page page = browser.get(url);
            assertThat(page.status()).as(url).isEqualTo(400);
            assertThat(page.body()).contains("Ce lien n&#39;est pas valide");
        }
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(countActions("fraud.bad_state") - badStatesBefore).isEqualTo(5);
        assertThat(deliveries(placed.orderId())).isZero();
    }

    @Test
    void aReplayedReturnChangesNothingAndIsRecorded() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        URI returnUrl = payOnHelloAsso(browser, goToHelloAsso(browser, placed), SUCCESS).next();
        browser.follow(browser.get(returnUrl));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);

        Browser.Page replay = new Browser(URI.create("http://localhost:" + port)).get(returnUrl);
        assertThat(replay.status()).isEqualTo(303);
        assertThat(fraud(placed.orderId())).containsExactly("fraud.replayed_return");
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(placed.orderId()) == 1);
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verified")).hasSize(1);
    }

    @Test
    void theOrderPageIsNotFoundWithoutItsToken() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        Browser stranger = browser();
        for (String path : List.of("/orders/" + placed.orderId(), "/orders/" + placed.orderId() + "?t=wrong",
                "/orders/" + placed.orderId() + "/payment-status", "/pay/" + placed.orderId(),
                "/pay/" + placed.orderId() + "?t=" + placed.token() + "x")) {
            Browser.Page page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("Page introuvable").doesNotContain("Exception");
        }
        assertThat(stranger.post("/orders/" + placed.orderId() + "/check-payment", Map.of()).status()).isEqualTo(404);
        assertThat(stranger.get("/orders/" + placed.orderId() + "?t=" + placed.token()).status()).isEqualTo(200);
    }

    @Test
    void checkNowVerifiesAPaymentMadeOutOfBand() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        goToHelloAsso(browser, placed);
        Browser.Page pending = browser.get("/orders/" + placed.orderId() + "?t=" + placed.token());
        assertThat(pending.body()).contains("Paiement en attente — vérification automatique en cours…")
                .contains("Vérifier maintenant");
        assertThat(browser.get("/orders/" + placed.orderId() + "/payment-status").body()).contains("\"status\":\"PENDING\"");

        emulator().control().pay(order(placed.orderId()).checkoutIntentId());   // the payer closed the tab
        Browser.Page checked = browser.post("/orders/" + placed.orderId() + "/check-payment", Map.of("t", placed.token()));
        assertThat(checked.status()).isEqualTo(303);
        assertThat(browser.get(checked.next()).body()).contains("Payée");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void theOfferFormExplainsWhatToCorrect() {
        Browser browser = browser();
        Browser.Page page = browser.post("/offers/adhesion-2026", Browser.form("firstName", "Test", "lastName", "Dupont3",
                "email", "pas-un-email", "country", "FR", "birthDate", "2015-01-01"));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("HelloAsso refuse les noms contenant «\u00A0test\u00A0»")
                .contains("Un nom ne peut pas contenir de chiffres")
                .contains("Cette adresse e-mail n&#39;est pas valide")
                .contains("Choisissez un pays dans la liste")
                .contains("réservé aux personnes majeures");
        // each field keeps what was typed and names its error for screen readers (fragments/inputField)
        assertThat(page.body()).containsPattern("id=\"lastName\"[^>]*value=\"Dupont3\"")
                .containsPattern("id=\"lastName\"[^>]*aria-invalid=\"true\"[^>]*aria-describedby=\"lastName-error\"")
                .contains("id=\"lastName-error\"").containsPattern("id=\"birthDate\"[^>]*aria-describedby=\"birthDate-error\"");
        Browser.Page english = browser.language("en").post("/offers/don-libre", Browser.form("firstName", "Mary",
                "lastName", "Smith", "email", "mary@example.org", "country", "GBR", "amount", "2"));
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).contains("below this offer&#39;s minimum");
        Browser.Page noEmail = browser().post("/offers/atelier-initiation", Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", "", "country", "FRA"));
        assertThat(noEmail.status()).isEqualTo(400);
        assertThat(noEmail.body()).as("an empty address is one error: required, not also invalid")
                .contains("Indiquez votre adresse e-mail.").doesNotContain("n&#39;est pas valide");
        assertThat(browser.get("/offers/nope").status()).isEqualTo(404);
    }

    @Test
    void theEmulatedHelloAssoPageSpeaksTheLanguageChosenOnPasserelle() {
        Browser payer = browser();
        assertThat(payer.get("/?lang=en").body()).contains("Our offers");
        Placed placed = placeOrder(payer, "atelier-initiation");
        URI hosted = goToHelloAsso(payer, placed);
        assertThat(hosted.getQuery()).contains("lang=en");
        assertThat(payer.get(hosted).body()).contains("simulated payment page").contains("Card number");
        assertThat(payer.get("/?lang=fr").body()).contains("Nos offres");
        Placed french = placeOrder(payer, "atelier-initiation");
        assertThat(payer.get(goToHelloAsso(payer, french)).body()).contains("page de paiement simulée")
                .contains("Numéro de carte");
    }

    @Test
    void pagesSpeakFrenchByDefaultAndEnglishOnRequest() {
        assertThat(browser().language("de-DE").get("/").body()).contains("Nos offres").contains("Adhésion annuelle 2026");
        assertThat(browser().language("en-GB,en;q=0.9").get("/").body()).contains("Our offers").contains("€25.00");
        Browser switching = browser();
        assertThat(switching.get("/?lang=en").body()).contains("Our offers");
        assertThat(switching.get("/").body()).as("the choice is remembered").contains("Our offers");
        assertThat(switching.get("/?lang=fr").body()).contains("Nos offres").contains("25,00");
    }

    @Test
    void aSecondPaidCheckoutOfTheSameOrderIsFlaggedForRefundNotFulfilledAgain() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        goToHelloAsso(browser, placed);
        long first = order(placed.orderId()).checkoutIntentId();
        String state = stateOf(placed, browser);
        clock.advance(Duration.ofMinutes(14));   // too close to expiry to reuse, still payable at HelloAsso
        URI second = goToHelloAsso(browser, placed);
        assertThat(order(placed.orderId()).checkoutIntentId()).isNotEqualTo(first);
        browser.follow(browser.get(payOnHelloAsso(browser, second, SUCCESS).next()));
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);

        emulator().control().pay(first);   // the first tab was paid as well
        Browser.Page late = browser.get("/helloasso/return?s=" + state + "&checkoutIntentId=" + first + "&code=succeeded");
        assertThat(late.location()).endsWith("notice=paid");
        browser.get("/helloasso/return?s=" + state + "&checkoutIntentId=" + first + "&code=succeeded");
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.duplicate")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("refund it"));
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(placed.orderId()) == 1);
        assertThat(counting.calls(placed.orderId())).isEqualTo(1);
        assertThat(order(placed.orderId()).checkoutIntentId()).as("the paying intent stays").isNotEqualTo(first);
    }

    @Test
    void whenHelloAssoCannotBeReadTheReturnSaysSoAndCheckNowSettlesItLater() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        Browser.Page back = payOnHelloAsso(browser, goToHelloAsso(browser, placed), SUCCESS);
        emulator().control().failNext("checkoutIntents.get", 10, 503);
        Browser.Page returned = browser.get(back.next());
        assertThat(returned.location()).endsWith("notice=unavailable");
        assertThat(browser.get(returned.next()).body()).contains("HelloAsso ne répond pas pour le moment")
                .contains("Vérifier maintenant");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("payment.verify"))
                .singleElement().satisfies(e -> assertThat(e.httpStatus()).isEqualTo(503));

        emulator().control().clearFaults();
        Browser.Page checked = browser.post("/orders/" + placed.orderId() + "/check-payment", Map.of("t", placed.token()));
        assertThat(checked.location()).endsWith("notice=paid");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void repeatedFailuresOnOneOrderRaiseOneFraudSignal() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        goToHelloAsso(browser, placed);
        String state = stateOf(placed, browser);
        for (int i = 0; i < 7; i++) {
            browser.get("/helloasso/return?s=" + state + "&checkoutIntentId=" + (900_000 + i) + "&code=succeeded");
        }
        assertThat(events(placed.orderId())).filteredOn(e -> e.action().equals("fraud.many_failures_order")).hasSize(1);
        assertThat(fraud(placed.orderId())).filteredOn(a -> a.equals("fraud.foreign_intent")).hasSize(7);
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void anUnexpectedErrorShowsAHelpfulPageWithoutDetails() {
        Browser.Page page = browser().get("/test/boom");
        assertThat(page.status()).isEqualTo(500);
        assertThat(page.body()).contains("Une erreur est survenue").contains("Retour à l&#39;accueil")
                .doesNotContain("secret internal detail").doesNotContain("IllegalStateException").doesNotContain("at org.");
    }

    @Test
    void theNotificationUrlIsRegisteredWithTheEmulator() {
        Browser browser = browser();
        Placed placed = placeOrder(browser, "atelier-initiation");
        browser.follow(browser.get(payOnHelloAsso(browser, goToHelloAsso(browser, placed), SUCCESS).next()));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator().control().deliveredNotifications().stream()
                .anyMatch(n -> n.url().startsWith("http://localhost:" + port + "/helloasso/notifications/")
                        && n.body().contains(placed.orderId())));
    }

    private String stateOf(Placed placed, Browser browser) {
        String returnUrl = (String) emulator().control().checkoutIntent(order(placed.orderId()).checkoutIntentId())
                .get("returnUrl");
        return returnUrl.substring(returnUrl.indexOf("?s=") + 3);
    }

    private List<String> fraud(String orderId) {
        return events(orderId).stream().filter(e -> e.outcome() == Outcome.FRAUD_DETECTED)
                .filter(e -> !e.action().startsWith("fraud.many_failures")).map(AuditEvent::action).toList();
    }

    private long countActions(String action) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = :a").param("a", action).query(Long.class).single();
    }
}
