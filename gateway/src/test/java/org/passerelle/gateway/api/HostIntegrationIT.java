package org.passerelle.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.ApiClient.Response;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.webhook.WebhookEndpoints;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a host plugin (the Moodle payment gateway) needs from the API: the payer sent straight back to the host after
 * HelloAsso, a way to check an API key, and a way to check its webhook URL and secret.
 */
class HostIntegrationIT extends GatewayTestSupport {

    private static final String HOST_RETURN = "https://moodle.example.org/payment/gateway/passerelle/return.php?id=7&token=a%2Bb~c";

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    WebhookEndpoints endpoints;

    private ApiClient newKey(String name) {
        return new ApiClient(port, apiKeys.create(name, "test").secret());
    }

    private static Map<String, Object> autoReturning(int amount) {
        Map<String, Object> body = ApiClient.order("auto-" + UUID.randomUUID(), amount);
        body.put("returnUrl", HOST_RETURN);
        body.put("autoReturn", true);
        return body;
    }

    private URI hostedPage(Browser payer, Response created) {
        Browser.Page pay = payer.get(URI.create(created.body().get("checkoutUrl").asString()));
        assertThat(pay.status()).as(pay.body()).isEqualTo(303);
        return pay.next();
    }

    @Test
    void withAutoReturnThePayerGoesBackToTheHostOnceThePaymentIsChecked() {
        ApiClient api = newKey("moodle " + UUID.randomUUID());
        Response created = api.post("/api/v1/orders", autoReturning(4200));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.body().get("autoReturn").asBoolean()).isTrue();
        String id = created.body().get("id").asString();

        Browser payer = browser();
        Browser.Page fromHelloAsso = payOnHelloAsso(payer, hostedPage(payer, created), "4242424242424242");
        Browser.Page back = payer.get(fromHelloAsso.next());
        assertThat(back.status()).isEqualTo(303);
        assertThat(back.location()).as("exactly the host's URL, escapes and all").isEqualTo(HOST_RETURN);
        // the host reads the order as soon as the payer arrives: it is already PAID
        assertThat(order(id).status()).isEqualTo(OrderStatus.PAID);
        assertThat(api.get("/api/v1/orders/" + id).body().get("status").asString()).isEqualTo("PAID");

        // a refusal goes back to the host too, which then offers to pay again: HelloAsso shows no payment, so the
        // order is still open (code=refused in the return URL decides nothing)
        Response refused = api.post("/api/v1/orders", autoReturning(4300));
        Browser other = browser();
        Browser.Page refusal = other.get(payOnHelloAsso(other, hostedPage(other, refused), "4000000000000002").next());
        assertThat(refusal.location()).isEqualTo(HOST_RETURN);
        assertThat(api.get("/api/v1/orders/" + refused.body().get("id").asString()).body().get("status").asString())
                .isEqualTo("PENDING");

        // and so does the payer who leaves HelloAsso's page with its back link
        Response left = api.post("/api/v1/orders", autoReturning(4400));
        Browser third = browser();
        String page = third.get(hostedPage(third, left)).body();
        java.util.regex.Matcher backLink = java.util.regex.Pattern.compile("id=\"back\" href=\"([^\"]+)\"").matcher(page);
        assertThat(backLink.find()).isTrue();
        Browser.Page leaving = third.get(URI.create(backLink.group(1).replace("&amp;", "&")));
        assertThat(leaving.status()).isEqualTo(303);
        assertThat(leaving.location()).isEqualTo(HOST_RETURN);
    }

    @Test
    void withoutAutoReturnThePayerSeesTheOrderPageWithALinkBack() {
        ApiClient api = newKey("shop " + UUID.randomUUID());
        Map<String, Object> body = ApiClient.order("link-" + UUID.randomUUID(), 4500);
        Response created = api.post("/api/v1/orders", body);
        assertThat(created.body().get("autoReturn").asBoolean()).isFalse();
        Browser payer = browser();
        Browser.Page back = payer.get(payOnHelloAsso(payer, hostedPage(payer, created), "4242424242424242").next());
        assertThat(back.location()).isEqualTo("/orders/" + created.body().get("id").asString() + "?notice=paid");
    }

    @Test
    void autoReturnNeedsAReturnUrl() {
        Map<String, Object> body = ApiClient.order("bad-" + UUID.randomUUID(), 4500);
        body.remove("returnUrl");
        body.put("autoReturn", true);
        Response answer = newKey("bad " + UUID.randomUUID()).header("Accept-Language", "en").post("/api/v1/orders", body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("errors").get(0).get("field").asString()).isEqualTo("autoReturn");
        assertThat(answer.body().get("errors").get(0).get("message").asString()).isEqualTo("needs a returnUrl");
    }

    @Test
    void aHostChecksItsKey() {
        String name = "moodle account " + UUID.randomUUID();
        ApiKeys.CreatedKey created = apiKeys.create(name, "test");
        Response answer = new ApiClient(port, created.secret()).get("/api/v1/key");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("id").asString()).isEqualTo(created.id());
        assertThat(answer.body().get("name").asString()).isEqualTo(name);
        assertThat(answer.body().get("prefix").asString()).isEqualTo(created.prefix());
        assertThat(answer.body().get("createdAt").asString()).isNotBlank();
        assertThat(answer.raw().body()).doesNotContain(created.secret());

        apiKeys.revoke(created.id(), "test");
        Response revoked = new ApiClient(port, created.secret()).get("/api/v1/key");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body().get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void aHostChecksItsWebhookUrlAndSecretWithoutSeeingTheSecret() throws Exception {
        String url = "https://moodle-" + UUID.randomUUID() + ".example.org/payment/gateway/passerelle/webhook.php";
        ApiKeys.CreatedKey key = apiKeys.create("check " + UUID.randomUUID(), "test");
        // as an admin adds it on the API keys screen: it hears of this key's orders only
        WebhookEndpoints.CreatedEndpoint endpoint = endpoints.add(url, Set.of("order.refunded", "order.paid"), key.id(),
                "test");
        try {
            ApiClient api = new ApiClient(port, key.secret());
            Response found = api.get("/api/v1/webhook-endpoints?url=" + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8));
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body().get("items")).hasSize(1);
            var item = found.body().get("items").get(0);
            assertThat(item.get("url").asString()).isEqualTo(url);
            assertThat(item.get("events").toString()).isEqualTo("[\"order.paid\",\"order.refunded\"]");
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(endpoint.secret().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            assertThat(item.get("secretFingerprint").asString()).isEqualTo(expected);
            assertThat(found.raw().body()).doesNotContain(endpoint.secret().substring("whsec_".length()));

            assertThat(api.get("/api/v1/webhook-endpoints?url=" + java.net.URLEncoder.encode(url + "x", StandardCharsets.UTF_8))
                    .body().get("items")).isEmpty();
            Response missing = api.header("Accept-Language", "en").get("/api/v1/webhook-endpoints");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.body().get("errors").get(0).get("field").asString()).isEqualTo("url");
            assertThat(new ApiClient(port, null).get("/api/v1/webhook-endpoints?url=x").status()).isEqualTo(401);
            // another host's key learns nothing of this key's endpoint, even with its exact address
            assertThat(newKey("other " + UUID.randomUUID()).get("/api/v1/webhook-endpoints?url="
                    + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8)).body().get("items")).isEmpty();
        } finally {
            endpoints.remove(endpoint.id(), "test");
        }
    }
}
