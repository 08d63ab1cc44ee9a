package org.passerelle.gateway.order;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A country HelloAsso takes ({@link PayerRules#isCountry}); null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Country.Check.class)
public @interface Country {

    String message() default "{api.field.country}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Country, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || PayerRules.isCountry(value);
        }
    }
}
