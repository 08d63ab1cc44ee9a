package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.NotificationType;
import org.passerelle.helloasso.model.NotificationUrl;

class NotificationUrlsTest extends WireMockSupport {
    private static final String KEY = "k3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK3yk3yK";

    @Test
    void setsAnOrganizationUrlAndHidesTheSignatureKeyWhenPrinted() {
        stubToken();
        server.stubFor(put(urlEqualTo("/v5/partners/me/api-notifications/organizations/" + ORG)).willReturn(json(
                "{\"url\":\"https://gw.example/notify\",\"apiNotificationType\":\"Payment\",\"signatureKey\":\"" + KEY + "\"}")));

        NotificationUrl url = client.notificationUrls().setForOrganization(ORG, "https://gw.example/notify",
                NotificationType.PAYMENT);

        assertThat(url.signatureKey()).isEqualTo(KEY);
        assertThat(url.apiNotificationType()).isEqualTo(NotificationType.PAYMENT);
        assertThat(url.toString()).doesNotContain(KEY).contains("https://gw.example/notify");
        server.verify(putRequestedFor(urlEqualTo("/v5/partners/me/api-notifications/organizations/" + ORG))
                .withRequestBody(equalToJson("{\"url\":\"https://gw.example/notify\",\"notificationType\":\"Payment\"}")));
    }

    @Test
    void theMainUrlIsSetWithoutATypeAndDeletedWithoutQuery() {
        stubToken();
        server.stubFor(put(urlEqualTo("/v5/partners/me/api-notifications"))
                .willReturn(json("{\"url\":\"https://gw.example/all\",\"signatureKey\":\"" + KEY + "\"}")));
        server.stubFor(delete(urlPathEqualTo("/v5/partners/me/api-notifications")).willReturn(aResponse().withStatus(200)));

        NotificationUrl url = client.notificationUrls().set("https://gw.example/all", null);
        client.notificationUrls().delete(null);
        client.notificationUrls().delete(NotificationType.ORDER);

        assertThat(url.apiNotificationType()).isNull();
        server.verify(putRequestedFor(urlEqualTo("/v5/partners/me/api-notifications"))
                .withRequestBody(equalToJson("{\"url\":\"https://gw.example/all\"}")));
        server.verify(1, deleteRequestedFor(urlPathEqualTo("/v5/partners/me/api-notifications"))
                .withQueryParam("notificationType", absent()));
        server.verify(1, deleteRequestedFor(urlPathEqualTo("/v5/partners/me/api-notifications"))
                .withQueryParam("notificationType", equalTo("Order")));
    }

    @Test
    void listsThePartnersUrlsFromPartnersMe() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/partners/me")).willReturn(json("""
                {"name":"Passerelle","apiClient":{"id":"x"},"urlNotificationList":[
                  {"url":"https://gw.example/a","apiNotificationType":"Order","signatureKey":"k1"},
                  {"url":"https://gw.example/b"}]}""")));

        assertThat(client.notificationUrls().list()).containsExactly(
                new NotificationUrl("https://gw.example/a", NotificationType.ORDER, "k1"),
                new NotificationUrl("https://gw.example/b", null, null));
    }
}
