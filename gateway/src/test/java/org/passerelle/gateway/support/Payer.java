package org.passerelle.gateway.support;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A payer over real HTTP, for gateways that run apart from the test (another context, another process): fills the
 * offer form, goes to HelloAsso (an emulator) and pays there with the test card. Whether they come back to the
 * gateway afterwards is the caller's choice: HelloAsso's notification and the reconciliation must find the payment
 * anyway.
 */
public final class Payer {

    public static final String CARD = "4242424242424242";
    public static final String REFUSED_CARD = "4000000000000002";
    private static final Pattern ORDER_PATH = Pattern.compile("/pay/([0-9a-f-]{36})\\?t=([A-Za-z0-9_-]+)");

    /** An order placed and paid at HelloAsso; {@code returnUrl} is where HelloAsso sent the payer back to. */
    public record Paid(String orderId, String token, URI returnUrl) {
    }

    private final Browser browser;

    public Payer(URI gateway) {
        this.browser = new Browser(gateway);
    }

    public Browser browser() {
        return browser;
    }

    /** An order placed, its checkout started (PENDING) and not paid: the payer stays on HelloAsso's page. */
    public Paid startCheckout(String offerId, String email) {
        URI pay = placeOrder(offerId, email);
        Matcher order = ORDER_PATH.matcher(pay.toString());
        if (!order.find()) {
            throw new AssertionError("no order in " + pay);
        }
        expect(browser.get(pay), 303);
        return new Paid(order.group(1), order.group(2), null);
    }

    /** An order placed on the offer's page (its form, then the POST): the {@code /pay/…} link the payer is sent to. */
    public URI placeOrder(String offerId, String email) {
        expect(browser.get("/offers/" + offerId), 200);
        Browser.Page created = expect(browser.post("/offers/" + offerId, Browser.form("firstName", "Marie",
                "lastName", "Curie", "email", email, "country", "FRA", "birthDate", "1990-05-17")), 303);
        if (!ORDER_PATH.matcher(created.location()).find()) {
            throw new AssertionError("no order in " + created.location());
        }
        return created.next();
    }

    /** Places an order for {@code offerId} and pays it on HelloAsso's page, without coming back to the gateway. */
    public Paid payAtHelloAsso(String offerId, String email) {
        expect(browser.get("/offers/" + offerId), 200);   // the form, with its CSRF token
        Browser.Page created = browser.post("/offers/" + offerId, Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", email, "country", "FRA", "birthDate", "1990-05-17"));
        expect(created, 303);
        Matcher order = ORDER_PATH.matcher(created.location());
        if (!order.find()) {
            throw new AssertionError("no order in " + created.location());
        }
        return new Paid(order.group(1), order.group(2), payAtHelloAsso(created.next(), email));
    }

    /** Follows a checkout link ({@code /pay/…}, e.g. an API order's checkoutUrl) and pays; returns the return URL. */
    public URI payAtHelloAsso(URI checkoutUrl, String email) {
        return payAtHelloAsso(checkoutUrl, email, CARD);
    }

    /** The same with another card (e.g. {@link #REFUSED_CARD}). */
    public URI payAtHelloAsso(URI checkoutUrl, String email, String card) {
        Browser.Page pay = expect(browser.get(checkoutUrl), 303);
        URI hosted = pay.next();
        expect(browser.get(hosted), 200);
        Browser.Page paid = expect(browser.post(hosted, Browser.form("firstName", "Marie", "lastName", "Curie",
                "email", email, "cardNumber", card)), 303);
        return paid.next();
    }

    /** Comes back from HelloAsso: the gateway verifies the payment and answers with the order page (303). */
    public Browser.Page comeBack(Paid paid) {
        return browser.get(paid.returnUrl());
    }

    private static Browser.Page expect(Browser.Page page, int status) {
        if (page.status() != status) {
            throw new AssertionError("expected " + status + " from " + page.uri() + " but got " + page.status() + ":\n"
                    + page.body());
        }
        return page;
    }
}
