package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The API key a request carries, as the host can show it: a host's settings page calls this to check the key it was
 * given (a 401 says the key is wrong or revoked). The secret itself is never shown again.
 */
@RestController
@ApiEndpoint
public class ApiKeyController {

    /** @param organization the association the key acts for (issue 18): its orders are that association's */
    public record KeyInfo(String id, String name, String prefix, OffsetDateTime createdAt,
            KeyOrganization organization) {
    }

    /** @param name HelloAsso's name for it, or its slug while unknown */
    public record KeyOrganization(String slug, String name) {
    }

    private final HelloAssoSettings helloAsso;
    private final Organizations organizations;

    public ApiKeyController(HelloAssoSettings helloAsso, Organizations organizations) {
        this.helloAsso = helloAsso;
        this.organizations = organizations;
    }

    @GetMapping(path = "/api/v1/key", produces = MediaType.APPLICATION_JSON_VALUE)
    public KeyInfo current(HttpServletRequest request) {
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        // null: the configured organization's key, whatever its slug is now
        String slug = key.organization() == null ? helloAsso.organization() : key.organization();
        String name = organizations.find(slug).map(Organization::displayName).orElse(slug);
        return new KeyInfo(key.id(), key.name(), key.prefix(), key.createdAt(), new KeyOrganization(slug, name));
    }
}
