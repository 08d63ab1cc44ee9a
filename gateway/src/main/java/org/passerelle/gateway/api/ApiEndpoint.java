package org.passerelle.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @RestController} under {@code /api}: its errors are answered as RFC 9457 problem+json by
 * {@link ApiProblems} (validation, unreadable bodies, {@link ApiProblemException}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiEndpoint {
}
