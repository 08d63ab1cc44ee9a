package org.passerelle.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.passerelle.gateway.startup.SettingsException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Turns a start-up failure caused by Passerelle's settings into one short paragraph that names each wrong setting by
 * its public name ({@code passerelle.public-url}, never {@code publicUrl}), where it was set and what to do, instead
 * of a stack trace. Secret values are never printed. Registered in {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SettingsFailureAnalyzer implements FailureAnalyzer {

    static final String DOCS = "docs/configuration.md";
    private static final String FIX = "Correct it where it is set (the file named above, an environment variable or the"
            + " command line), then start Passerelle again. Every setting is described in " + DOCS + ".";
    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|key|token).*");
    private static final Pattern UPPER = Pattern.compile("([a-z0-9])([A-Z])");

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        SettingsException settings = find(failure, SettingsException.class);
        if (settings != null) {
            return new FailureAnalysis("Passerelle cannot start: " + settings.problem(), settings.action(), failure);
        }
        BindException bind = find(failure, BindException.class);
        if (bind == null || !bind.getName().toString().startsWith("passerelle")) {
            return null;
        }
        BindValidationException validation = find(bind, BindValidationException.class);
        List<String> lines = new ArrayList<>();
        if (validation != null) {
            String prefix = validation.getValidationErrors().getName().toString();
            for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
                lines.add(describe(prefix, error));
            }
        } else {
            lines.add(describeUnreadable(bind));
        }
        String description = (lines.size() == 1 ? "Passerelle cannot start: a setting is wrong.\n"
                : "Passerelle cannot start: " + lines.size() + " settings are wrong.\n")
                + String.join("\n", lines);
        return new FailureAnalysis(description, lines.size() == 1 ? FIX : FIX.replace("Correct it", "Correct them"),
                failure);
    }

    private static String describe(String prefix, ObjectError error) {
        String message = error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage();
        if (!(error instanceof FieldError field) || "AssertTrue".equals(error.getCode())) {
            // cross-field rules say themselves which settings they are about
            return "  - " + message + origin(error);
        }
        String name = prefix + "." + publicName(field.getField());
        return "  - " + name + value(name, field.getRejectedValue()) + ": " + message + origin(error);
    }

    private static String describeUnreadable(BindException bind) {
        String name = bind.getName().toString();
        ConfigurationProperty property = bind.getProperty();
        String expected = bind.getTarget() == null ? "value" : expected(bind.getTarget().getType().resolve());
        return "  - " + name + (property == null ? "" : value(name, property.getValue()))
                + ": cannot be read as " + expected + origin(bind.getOrigin());
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        return switch (type.getSimpleName()) {
            case "Duration" -> "a duration (for example 30s, 15m, 24h or 2d)";
            case "int", "Integer", "long", "Long" -> "a whole number";
            case "boolean", "Boolean" -> "true or false";
            case "ZoneId" -> "a time zone (for example Europe/Paris)";
            default -> "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
        };
    }

    /** {@code helloasso.clientId} → {@code helloasso.client-id}; list indexes stay. */
    static String publicName(String javaPath) {
        return UPPER.matcher(javaPath).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String value(String name, Object value) {
        if (value == null) {
            return "";
        }
        return SECRET.matcher(name).matches() ? " (value hidden)" : " = \"" + value + "\"";
    }

    private static String origin(ObjectError error) {
        Origin origin = Origin.from(error);
        return origin(origin);
    }

    private static String origin(Origin origin) {
        return origin == null ? "" : " [set in " + origin + "]";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
