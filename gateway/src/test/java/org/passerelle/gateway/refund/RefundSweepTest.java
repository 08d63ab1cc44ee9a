package org.passerelle.gateway.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.fulfilment.FulfilmentOutbox;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.organization.OrganizationClients;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.organization.PartnerAccess;
import org.passerelle.helloasso.HelloAssoClient;
import org.passerelle.helloasso.Orders;
import org.passerelle.helloasso.Page;
import org.passerelle.helloasso.Payments;
import org.passerelle.helloasso.model.OperationState;
import org.passerelle.helloasso.model.OrderLight;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentState;
import org.passerelle.helloasso.model.RefundOperation;

/**
 * The sweep applies what HelloAsso shows only for an order that is ours: the HelloAsso order our order was paid with,
 * in our organization, through the order's own checkout intent (the one ownership check the verifier uses too).
 */
class RefundSweepTest {

    private static final String ORG = "our-association";
    private static final long HA_ORDER = 900;
    private static final long INTENT = 12;

    private final HelloAssoClient client = mock(HelloAssoClient.class);
    private final Orders helloAssoOrders = mock(Orders.class);
    private final Payments helloAssoPayments = mock(Payments.class);
    private final OrderRepository orders = mock(OrderRepository.class);
    private final RefundLedger ledger = mock(RefundLedger.class);
    private final RefundSync sync = mock(RefundSync.class);
    private final RefundSweep sweep = new RefundSweep(configuredOnly(client), orders, ledger,
            sync, mock(FulfilmentOutbox.class),
            new RefundProperties(Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofDays(2), 50, 4, true, false));
    private final Order order = paidOrder("order-1", ORG);

    /** A Passerelle with its configured organization only (no partner mode). */
    private static OrganizationClients configuredOnly(HelloAssoClient client) {
        PartnerAccess access = mock(PartnerAccess.class);
        when(access.partner()).thenReturn(Optional.empty());
        return new OrganizationClients(client, new HelloAssoSettings(ORG, true, null), mock(Organizations.class),
                access);
    }

    @BeforeEach
    void helloAsso() {
        when(client.orders()).thenReturn(helloAssoOrders);
        when(client.payments()).thenReturn(helloAssoPayments);
        when(helloAssoPayments.list(eq(ORG), any())).thenReturn(new Page<>(List.of(), null, null));
        when(orders.find(order.id())).thenReturn(Optional.of(order));
        when(orders.findByHelloAssoOrderId(HA_ORDER)).thenReturn(Optional.of(order));
    }

    @Test
    void settlingAppliesTheOrdersOwnHelloAssoOrder() {
        when(ledger.ordersWithUncertainRefunds(anyInt())).thenReturn(List.of(order.id()));
        org.passerelle.helloasso.model.Order seen = helloAssoOrder(HA_ORDER, ORG, INTENT);
        when(helloAssoOrders.get(HA_ORDER)).thenReturn(seen);

        assertThat(sweep.run().settled()).isEqualTo(1);
        verify(sync).apply(order.id(), seen, "sweep");
    }

    @Test
    void settlingRefusesAnOrderOfAnotherOrganization() {
        when(ledger.ordersWithUncertainRefunds(anyInt())).thenReturn(List.of(order.id()));
        when(helloAssoOrders.get(HA_ORDER)).thenReturn(helloAssoOrder(HA_ORDER, "someone-else", INTENT));

        assertThat(sweep.run().settled()).isZero();
        verify(sync, never()).apply(anyString(), any(), anyString());
    }

    @Test
    void settlingRefusesAnOrderPaidThroughAnotherCheckoutIntent() {
        when(ledger.ordersWithUncertainRefunds(anyInt())).thenReturn(List.of(order.id()));
        when(helloAssoOrders.get(HA_ORDER)).thenReturn(helloAssoOrder(HA_ORDER, ORG, 99L));

        assertThat(sweep.run().settled()).isZero();
        verify(sync, never()).apply(anyString(), any(), anyString());
    }

    @Test
    void theScanRefusesAPaymentWhoseOrderReadsBackAsAnotherOrganizations() {
        // the listed payment names our order's HelloAsso number and shows a refund Passerelle does not know
        when(helloAssoPayments.list(eq(ORG), any())).thenReturn(new Page<>(List.of(refundedPayment()), null, null));
        when(helloAssoOrders.get(HA_ORDER)).thenReturn(helloAssoOrder(HA_ORDER, "someone-else", INTENT));

        RefundSweep.Figures figures = sweep.run();

        assertThat(figures.news()).as("the payment looked like news").isEqualTo(1);
        verify(helloAssoOrders).get(HA_ORDER);
        verify(sync, never()).apply(anyString(), any(), anyString());
    }

    @Test
    void theScanAppliesAPaymentOfOurOwnOrder() {
        when(helloAssoPayments.list(eq(ORG), any())).thenReturn(new Page<>(List.of(refundedPayment()), null, null));
        org.passerelle.helloasso.model.Order seen = helloAssoOrder(HA_ORDER, ORG, INTENT);
        when(helloAssoOrders.get(HA_ORDER)).thenReturn(seen);

        sweep.run();

        verify(sync).apply(order.id(), seen, "scan");
    }

    private static int anyInt() {
        return org.mockito.ArgumentMatchers.anyInt();
    }

    private static Payment refundedPayment() {
        return new Payment(5001, 1000, null, OffsetDateTime.now(), null, null, PaymentState.REFUNDED, null, null, null,
                null, List.of(new RefundOperation(7001, 1000, null, OperationState.PROCESSED, null)),
                new OrderLight(HA_ORDER, null, null, null, null, ORG, INTENT, null), null, List.of(), null);
    }

    private static org.passerelle.helloasso.model.Order helloAssoOrder(long id, String organization, Long intent) {
        return new org.passerelle.helloasso.model.Order(id, OffsetDateTime.now(), "form", null, "Association",
                organization, intent, null, List.of(), List.of(), null, null);
    }

    private static Order paidOrder(String id, String organization) {
        OffsetDateTime now = OffsetDateTime.now();
        return new Order(id, OrderStatus.PAID, "offer", "Adhésion", 1000, 1000, false, null, null, null,
                organization, "hash", INTENT, HA_ORDER, 5001L, null, now, now, now, null, null, false, 1, null);
    }
}
