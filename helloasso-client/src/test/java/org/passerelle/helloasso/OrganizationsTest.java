package org.passerelle.helloasso;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.model.Organization;

class OrganizationsTest extends WireMockSupport {

    @Test
    void readsTheOrganizationsPublicDetails() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/organizations/" + ORG)).willReturn(json("""
                {"name":"Passerelle Démo","organizationSlug":"passerelle-demo","type":"Association1901",
                 "url":"https://www.helloasso.com/associations/passerelle-demo","fiscalReceiptEligibility":false}""")));

        Organization organization = client.organizations().get(ORG);

        assertThat(organization).isEqualTo(new Organization("Passerelle Démo", "passerelle-demo",
                "https://www.helloasso.com/associations/passerelle-demo"));
        server.verify(getRequestedFor(urlEqualTo("/v5/organizations/" + ORG))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN)));
    }

    @Test
    void anUnknownSlugIsNotFound() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/organizations/nobody")).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.organizations().get("nobody")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void refusedCredentialsAreAnAuthenticationErrorThatDoesNotShowTheSecret() {
        server.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"unauthorized_client\",\"error_description\":\"bad secret\"}")));
        assertThatThrownBy(() -> client.organizations().get(ORG)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("unauthorized_client").hasMessageNotContaining(CLIENT_SECRET);
    }

    @Test
    void aSlugCannotEscapeItsPathSegment() {
        stubToken();
        server.stubFor(get(urlEqualTo("/v5/organizations/https%3A%2F%2Fwww.helloasso.com%2Fassociations%2Fx"))
                .willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.organizations().get("https://www.helloasso.com/associations/x"))
                .isInstanceOf(NotFoundException.class);
    }
}
