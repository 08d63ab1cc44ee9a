package org.passerelle.gateway.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What one console user may see and do (issue 18), read from the request's authorities (given at login, then read
 * again from the accounts at each console request by {@code admin.CurrentScopeFilter}). A super-admin manages
 * the organizations and is ADMIN of every one (those linked later too); a user "of every organization" without being
 * super-admin is a VIEWER of every one (the configuration's viewers, as before organizations existed); anyone else
 * is ADMIN or VIEWER of the organizations listed. Organization slugs are real slugs: the configured organization's
 * offers and keys (organization NULL in the database) are resolved to its slug by {@link ConsoleAccess}.
 *
 * <p>Authorities: {@code ROLE_ADMIN} when ADMIN of at least one organization (the URL rules let its changes through,
 * each controller then checks the organization concerned), else {@code ROLE_VIEWER}; {@code ROLE_SUPER_ADMIN};
 * {@code ROLE_ALL_ORGANIZATIONS}; and one {@code ORGANIZATION_ADMIN:slug} or {@code ORGANIZATION_VIEWER:slug} per
 * organization listed.
 */
public record ConsoleScope(boolean superAdmin, boolean everyOrganization, Map<String, String> roles) {

    /** The two roles a user has per organization. */
    public static final String ADMIN = "ADMIN";
    public static final String VIEWER = "VIEWER";
    public static final String SUPER_ADMIN = "SUPER_ADMIN";
    public static final String ALL_ORGANIZATIONS = "ALL_ORGANIZATIONS";
    private static final String ORGANIZATION = "ORGANIZATION_";

    public ConsoleScope {
        roles = Map.copyOf(roles);
    }

    /** The logged-in user's scope (nothing at all when no one is logged in). */
    public static ConsoleScope current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    public static ConsoleScope of(Authentication authentication) {
        return authentication == null ? new ConsoleScope(false, false, Map.of()) : of(authentication.getAuthorities());
    }

    public static ConsoleScope of(Collection<? extends GrantedAuthority> authorities) {
        boolean superAdmin = false;
        boolean every = false;
        Map<String, String> roles = new LinkedHashMap<>();
        for (GrantedAuthority granted : authorities) {
            String authority = granted.getAuthority();
            if (authority.equals("ROLE_" + SUPER_ADMIN)) {
                superAdmin = true;
            } else if (authority.equals("ROLE_" + ALL_ORGANIZATIONS)) {
                every = true;
            } else if (authority.startsWith(ORGANIZATION) && authority.indexOf(':') > 0) {
                int colon = authority.indexOf(':');
                roles.put(authority.substring(colon + 1), authority.substring(ORGANIZATION.length(), colon));
            }
        }
        return new ConsoleScope(superAdmin, every || superAdmin, roles);
    }

    /** The authorities that carry a scope: see the class comment. */
    public static List<GrantedAuthority> authorities(boolean superAdmin, boolean everyOrganization, Map<String, String> roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        boolean admin = superAdmin || roles.containsValue(ADMIN);
        authorities.add(new SimpleGrantedAuthority("ROLE_" + (admin ? ADMIN : VIEWER)));
        if (superAdmin) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + SUPER_ADMIN));
        }
        if (superAdmin || everyOrganization) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + ALL_ORGANIZATIONS));
        }
        roles.forEach((slug, role) -> authorities.add(new SimpleGrantedAuthority(ORGANIZATION + role + ":" + slug)));
        return authorities;
    }

    /** May see what belongs to this organization (a real slug). */
    public boolean reads(String slug) {
        return everyOrganization || (slug != null && roles.containsKey(slug));
    }

    /** May act for this organization (a real slug). */
    public boolean administers(String slug) {
        return superAdmin || (slug != null && ADMIN.equals(roles.get(slug)));
    }

    /** The organizations it may see, or null for every one. */
    public Set<String> readable() {
        return everyOrganization ? null : roles.keySet();
    }
}
