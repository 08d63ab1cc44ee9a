package org.passerelle.gateway.api;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly: a number is a JSON integer where an integer is expected ({@code 5000.7},
 * {@code 5000.0}, {@code 1e4} and {@code "5000"} are refused, never rounded or converted), a string is a JSON string,
 * a boolean a JSON boolean; a key given twice, a field the body type does not have, or anything after the JSON value
 * is refused too. Each refusal names its field ({@link ApiProblems}). Only the reading of request bodies by Spring
 * MVC changes (every {@code @RequestBody} is an API one); the application's own mapper stays lenient for what
 * HelloAsso sends.
 */
@Configuration(proxyBeanMethods = false)
public class ApiJson {

    /** The application's mapper (modules, dates…), made strict for reading. */
    public static JsonMapper strict(JsonMapper base) {
        return base.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Integer, strictly())
                .withCoercionConfig(LogicalType.Boolean, strictly())
                .withCoercionConfig(LogicalType.Textual, strictly())
                .withCoercionConfig(LogicalType.DateTime, strictly())
                .build();
    }

    private static java.util.function.Consumer<tools.jackson.databind.cfg.MutableCoercionConfig> strictly() {
        return config -> {
            for (CoercionInputShape shape : CoercionInputShape.values()) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    /** Applied after Spring Boot's own converter customizers, so that it is the JSON converter Spring MVC uses. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    ServerHttpMessageConvertersCustomizer strictRequestBodies(JsonMapper mapper) {
        return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict(mapper)));
    }
}
