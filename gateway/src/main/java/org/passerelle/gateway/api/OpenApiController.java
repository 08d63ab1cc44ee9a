package org.passerelle.gateway.api;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The API's OpenAPI 3.1 description, public (no key needed). */
@RestController
public class OpenApiController {

    private static final Resource DESCRIPTION = new ClassPathResource("api/openapi.yaml");

    @GetMapping(ApiSecurityConfiguration.OPENAPI_PATH)
    public ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(DESCRIPTION);
    }
}
