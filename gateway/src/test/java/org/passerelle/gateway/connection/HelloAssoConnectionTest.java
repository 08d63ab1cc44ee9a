package org.passerelle.gateway.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.passerelle.helloasso.AuthenticationException;
import org.passerelle.helloasso.BadRequestException;
import org.passerelle.helloasso.ForbiddenException;
import org.passerelle.helloasso.HelloAssoApiException;
import org.passerelle.helloasso.HelloAssoNetworkException;
import org.passerelle.helloasso.NotFoundException;
import org.passerelle.helloasso.ServerErrorException;

/** Which failures are the association's settings (said plainly, payers told "unavailable") and which an outage. */
class HelloAssoConnectionTest {

    @Test
    void refusedCredentialsUnknownOrganizationAndForbiddenAccessAreSettingsMistakes() {
        assertThat(HelloAssoConnection.problemOf(new AuthenticationException(400, "unauthorized_client", "bad")))
                .isEqualTo(ConnectionProblem.WRONG_CREDENTIALS);
        assertThat(HelloAssoConnection.problemOf(new NotFoundException(404, "", "GET", "/v5/organizations/x", List.of())))
                .isEqualTo(ConnectionProblem.UNKNOWN_ORGANIZATION);
        assertThat(HelloAssoConnection.problemOf(new ForbiddenException(403, "", "GET", "/v5/organizations/x/orders",
                List.of()))).isEqualTo(ConnectionProblem.NOT_ALLOWED);
    }

    @Test
    void noAnswerServerErrorsAndBadRequestsAreNot() {
        assertThat(HelloAssoConnection.problemOf(new HelloAssoNetworkException("GET", "/v5/x", true,
                new IOException("timeout")))).isNull();
        assertThat(HelloAssoConnection.problemOf(new ServerErrorException(503, "", "GET", "/v5/x", List.of()))).isNull();
        assertThat(HelloAssoConnection.problemOf(new BadRequestException(400, "", "POST", "/v5/x", List.of()))).isNull();
        assertThat(HelloAssoConnection.problemOf(new HelloAssoApiException(429, "", "GET", "/v5/x", List.of()))).isNull();
    }

    @Test
    void detailsAreShortAndCarryNoSecret() {
        assertThat(HelloAssoConnection.detail("organizations.get",
                new AuthenticationException(400, "unauthorized_client", "Client secret s3cr3t is wrong")))
                .isEqualTo("token refused: 400 unauthorized_client");
        assertThat(HelloAssoConnection.detail("orders.list", new ForbiddenException(403, "", "GET", "/v5/o", List.of())))
                .isEqualTo("HTTP 403 on orders.list");
        assertThat(HelloAssoConnection.detail("organizations.get", new HelloAssoNetworkException("GET", "/v5/o", true,
                new IOException("timeout")))).isEqualTo("timed out on organizations.get");
    }
}
