package org.passerelle.gateway.console;

import java.util.Set;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The logged-in console user's {@link ConsoleScope} applied to what belongs to an organization: an order (its slug),
 * an offer or an API key (null: the configured organization). What another organization owns is answered as if it
 * did not exist (404); what the user may see but not change is refused (403).
 */
@Component
public class ConsoleAccess {

    private final HelloAssoSettings helloAsso;

    public ConsoleAccess(HelloAssoSettings helloAsso) {
        this.helloAsso = helloAsso;
    }

    public ConsoleScope scope() {
        return ConsoleScope.current();
    }

    /** The real slug of what belongs to {@code organization} (null: the configured organization). */
    public String slugOf(String organization) {
        return organization == null ? helloAsso.organization() : organization;
    }

    public boolean reads(String organization) {
        return scope().reads(slugOf(organization));
    }

    public boolean administers(String organization) {
        return scope().administers(slugOf(organization));
    }

    /** 404 unless the user may see what belongs to this organization. */
    public void requireRead(String organization) {
        if (!reads(organization)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** 404 unless the user may see it, 403 unless the user is ADMIN of its organization. */
    public void requireAdmin(String organization) {
        requireRead(organization);
        if (!administers(organization)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
    }

    /** The organizations (real slugs) the user may see, or null for every one. */
    public Set<String> readable() {
        return scope().readable();
    }

    /** True when the user may see the configured organization (whose offers and keys have no slug). */
    public boolean readsConfigured() {
        return reads(null);
    }

    public String configuredSlug() {
        return helloAsso.organization();
    }
}
