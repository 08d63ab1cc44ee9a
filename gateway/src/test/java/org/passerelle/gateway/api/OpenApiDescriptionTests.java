package org.passerelle.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.representation.ApiOrder;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The published OpenAPI description against the running application: every /api route a controller maps is
 * described with its method, every described operation exists, and the request and order schemas name exactly the
 * fields the records carry.
 */
class OpenApiDescriptionTests extends GatewayTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> description() throws Exception {
        try (InputStream in = new ClassPathResource("api/openapi.yaml").getInputStream()) {
            return new org.yaml.snakeyaml.Yaml().load(in);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyApiRouteIsDescribedAndEveryDescribedOperationExists() throws Exception {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                // the test support's own failing route (/api/v1/test/boom) is not part of the API
                if (pattern.startsWith("/api/") && !pattern.equals(ApiSecurityConfiguration.OPENAPI_PATH)
                        && !pattern.startsWith("/api/v1/test/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
                }
            }
        }
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) description().get("paths")).forEach((path, operations) ->
                operations.keySet().forEach(method -> described.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(described).isEqualTo(mapped);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theRequestAndOrderSchemasNameTheRecordsFields() throws Exception {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) description().get("components")).get("schemas");
        assertThat(properties(schemas, "CreateOrder")).isEqualTo(components(CreateOrderRequest.class));
        assertThat(properties(schemas, "Order")).isEqualTo(components(ApiOrder.class));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> properties(Map<String, Object> schemas, String name) {
        return new TreeSet<>(((Map<String, Object>) ((Map<String, Object>) schemas.get(name)).get("properties")).keySet());
    }

    private static Set<String> components(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList());
    }
}
