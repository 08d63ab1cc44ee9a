package org.passerelle.helloasso.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.FormType;
import org.passerelle.helloasso.model.Order;
import org.passerelle.helloasso.model.Payment;
import org.passerelle.helloasso.model.PaymentCashOutState;
import org.passerelle.helloasso.model.PaymentState;

class HelloAssoNotificationsTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = HelloAssoNotificationsTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void parsesAPaymentNotificationWithItsCheckoutMetadata() throws IOException {
        Notification notification = HelloAssoNotifications.parse(fixture("payment-notification.json"));

        assertThat(notification).isInstanceOfSatisfying(PaymentNotification.class, payment -> {
            Payment data = payment.data();
            assertThat(data.id()).isEqualTo(51234);
            assertThat(data.amount()).isEqualTo(1500);
            assertThat(data.state()).isEqualTo(PaymentState.AUTHORIZED);
            assertThat(data.cashOutState()).isEqualTo(PaymentCashOutState.TRANSFERED);
            assertThat(data.order().id()).isEqualTo(71234);
            assertThat(data.order().formType()).isEqualTo(FormType.CHECKOUT);
            assertThat(data.order().organizationSlug()).isEqualTo("passerelle-demo");
            assertThat(data.payer().email()).isEqualTo("camille.martin@example.org");
            assertThat(data.items()).singleElement().satisfies(item -> {
                assertThat(item.shareAmount()).isEqualTo(1500);
                assertThat(item.name()).isEqualTo("Cotisation annuelle");
            });
            assertThat(payment.metadata()).containsEntry("reference", "PSL-2026-0042");
        });
        assertThat(notification.eventType()).isEqualTo("Payment");
    }

    @Test
    void parsesAnOrderNotificationWithItsFutureInstalments() throws IOException {
        Notification notification = HelloAssoNotifications.parse(fixture("order-notification.json"));

        assertThat(notification).isInstanceOfSatisfying(OrderNotification.class, orderNotification -> {
            Order order = orderNotification.data();
            assertThat(order.checkoutIntentId()).isEqualTo(90311L);
            assertThat(order.amount().total()).isEqualTo(6000);
            assertThat(order.payments()).extracting(Payment::state).containsExactly(PaymentState.AUTHORIZED,
                    PaymentState.PENDING, PaymentState.PENDING, PaymentState.PENDING);
            assertThat(order.payments().stream().mapToInt(Payment::amount).sum()).isEqualTo(order.amount().total());
            assertThat(order.payments()).extracting(Payment::installmentNumber).containsExactly(1, 2, 3, 4);
            assertThat(orderNotification.metadata()).containsEntry("reference", "PSL-2026-0042");
        });
    }

    @Test
    void parsesAnOrganizationSlugChange() throws IOException {
        assertThat(HelloAssoNotifications.parse(fixture("organization-notification.json")))
                .isEqualTo(new OrganizationNotification("passerelle-demo", "passerelle-demo-2026"));
    }

    @Test
    void keepsFormAndUnknownEventsAsJson() {
        Notification form = HelloAssoNotifications.parse("""
                {"eventType":"Form","data":{"formSlug":"adhesion-2026","formType":"Membership","currency":"EUR"}}"""
                .getBytes(StandardCharsets.UTF_8));
        Notification unknown = HelloAssoNotifications.parse("""
                {"eventType":"Subscription","data":{"id":3}}""".getBytes(StandardCharsets.UTF_8));

        assertThat(form).isInstanceOfSatisfying(FormNotification.class,
                f -> assertThat(f.data()).containsEntry("formSlug", "adhesion-2026"));
        assertThat(unknown).isInstanceOfSatisfying(UnknownNotification.class, u -> {
            assertThat(u.eventType()).isEqualTo("Subscription");
            assertThat(u.data()).containsEntry("id", 3);
        });
    }

    @Test
    void rejectsWhatIsNotANotification() {
        for (String body : new String[] {"", "not json", "[1,2]", "{\"data\":{}}", "{\"eventType\":\"Payment\"}",
                "{\"eventType\":\"Payment\",\"data\":{\"id\":\"not a number\"}}"}) {
            assertThatThrownBy(() -> HelloAssoNotifications.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOf(MalformedNotificationException.class);
        }
    }
}
