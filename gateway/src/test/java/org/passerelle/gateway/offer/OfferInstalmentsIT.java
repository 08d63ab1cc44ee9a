package org.passerelle.gateway.offer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.Instalments;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.order.OrderTerms;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** An offer from configuration paid in monthly terms ({@code passerelle.offers[n].instalments}), through the public form. */
class OfferInstalmentsIT extends GatewayTestSupport {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    OrderTerms terms;

    @SuppressWarnings("unchecked")
    @Test
    void thePayerSeesTheTermsBeforePayingAndTheFirstTermPaysTheOrder() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), PARIS);
        List<LocalDate> later = Instalments.laterDates(today, 3);
        DateTimeFormatter english = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

        Browser browser = browser();
        String page = browser.language("en").get("/offers/stage-ete").body();
        assertThat(page).contains("Paid in 3 monthly instalments").contains("today")
                .contains(later.get(0).format(english)).contains(later.get(1).format(english))
                .contains("€100.00");
        assertThat(browser().get("/offers/atelier-initiation").body()).doesNotContain("id=\"schedule\"");

        Placed placed = placeOrder(browser, "stage-ete");
        assertThat(order(placed.orderId()).instalments()).isEqualTo(3);
        URI hosted = goToHelloAsso(browser, placed);
        Map<String, Object> intent = emulator().control().checkoutIntent(order(placed.orderId()).checkoutIntentId());
        assertThat(intent.get("totalAmount")).isEqualTo(30000);
        assertThat(intent.get("initialAmount")).isEqualTo(10000);
        assertThat((List<Map<String, Object>>) intent.get("terms")).extracting(t -> ((String) t.get("date")).substring(0, 10))
                .containsExactly(later.get(0).toString(), later.get(1).toString());

        Browser.Page back = payOnHelloAsso(browser, hosted, "4242 4242 4242 4242");
        assertThat(browser.get(back.next()).location()).isEqualTo("/orders/" + placed.orderId() + "?notice=paid");
        assertThat(order(placed.orderId()).status()).isEqualTo(OrderStatus.PAID);
        // the notification may have paid the order first: its thread records the terms just after the commit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(terms.forOrder(placed.orderId()))
                .extracting(OrderTerms.Term::number, OrderTerms.Term::amount, OrderTerms.Term::status)
                .containsExactly(tuple(1, 10000, OrderTerms.Status.PAID), tuple(2, 10000, OrderTerms.Status.SCHEDULED),
                        tuple(3, 10000, OrderTerms.Status.SCHEDULED)));
        List<OrderTerms.Term> recorded = terms.forOrder(placed.orderId());
        // term 1 is dated by HelloAsso's payment (its own clock); the later ones are the dates the payer was shown
        assertThat(recorded.subList(1, 3)).extracting(OrderTerms.Term::dueDate).containsExactlyElementsOf(later);
    }
}
