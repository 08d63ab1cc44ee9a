package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.refund.RefundService;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's period report compares with HelloAsso's orders without taking a refund for a difference. */
class ReconcileReportTests extends GatewayTestSupport {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Autowired
    ReconcileReport report;
    @Autowired
    RefundService refunds;

    @Test
    void aPaidOrderRefundedInPartOrInFullIsNoDifference() {
        Browser payer = browser();
        Placed partly = placeOrder(payer, "atelier-initiation");
        payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, partly), "4242424242424242"));
        Placed fully = placeOrder(payer, "atelier-initiation");
        payer.follow(payOnHelloAsso(payer, goToHelloAsso(payer, fully), "4242424242424242"));
        await().atMost(Duration.ofSeconds(15)).until(() -> order(partly.orderId()).status() == OrderStatus.PAID
                && order(fully.orderId()).status() == OrderStatus.PAID);

        refunds.refund(partly.orderId(), null, 500, "one session missed", "test");
        refunds.refund(fully.orderId(), null, null, "cancelled", "test");
        assertThat(order(partly.orderId()).status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        assertThat(order(fully.orderId()).status()).isEqualTo(OrderStatus.REFUNDED);

        LocalDate today = LocalDate.now(clock.withZone(PARIS));
        ReconcileReport.Report compared = report.compare(today, today, PARIS);
        assertThat(compared.error()).isNull();
        assertThat(compared.lines()).as("HelloAsso shows their payments refunded: no difference")
                .noneMatch(line -> partly.orderId().equals(line.orderId()) || fully.orderId().equals(line.orderId()));
    }
}
