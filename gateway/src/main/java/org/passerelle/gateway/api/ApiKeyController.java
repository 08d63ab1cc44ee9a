package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
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

    public record KeyInfo(String id, String name, String prefix, OffsetDateTime createdAt) {
    }

    @GetMapping(path = "/api/v1/key", produces = MediaType.APPLICATION_JSON_VALUE)
    public KeyInfo current(HttpServletRequest request) {
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        return new KeyInfo(key.id(), key.name(), key.prefix(), key.createdAt());
    }
}
