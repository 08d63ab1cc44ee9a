package org.passerelle.gateway.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.passerelle.gateway.api.ApiAuthentication;
import org.passerelle.gateway.api.ApiEndpoint;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.api.ApiProblemException;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.organization.OrganizationClients;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a host check its webhook settings: the endpoints with exactly the URL it gives (so a key learns nothing about
 * addresses it does not already know) that would hear of this key's orders (the configuration's, and the key's own,
 * never another key's), the events each receives, and a fingerprint of its secret that the host compares with the
 * fingerprint of the secret it was given. The secret itself never leaves Passerelle.
 */
@RestController
@ApiEndpoint
public class WebhookEndpointApiController {

    /** {@code events} empty: every event. */
    public record EndpointView(String url, List<String> events, String secretFingerprint) {
    }

    public record Listing(List<EndpointView> items) {
    }

    private final WebhookEndpoints endpoints;
    private final OrganizationClients organizations;

    public WebhookEndpointApiController(WebhookEndpoints endpoints, OrganizationClients organizations) {
        this.endpoints = endpoints;
        this.organizations = organizations;
    }

    @GetMapping(path = "/api/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    public Listing find(@RequestParam(required = false) String url, HttpServletRequest request) {
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        // a key sees the endpoints that hear of its orders: its own, and the configuration's if it is the configured
        // organization's (another organization's key does not learn their addresses)
        boolean configuredKey = organizations.isConfigured(key.organization());
        if (url == null || url.isBlank()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation", List.of(new FieldProblem("url", "required")), 1);
        }
        String wanted = url.strip();
        return new Listing(endpoints.signing().stream()
                .filter(s -> s.endpoint().url().equals(wanted) && s.endpoint().covers(key.id(), configuredKey))
                .map(s -> new EndpointView(s.endpoint().url(), s.endpoint().events().stream().sorted().toList(),
                        WebhookSigner.fingerprint(s.secret())))
                .toList());
    }
}
