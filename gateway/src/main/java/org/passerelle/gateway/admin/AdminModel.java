package org.passerelle.gateway.admin;

import org.passerelle.gateway.console.ConsoleScope;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every admin page's layout needs: who is logged in and whether they may act (ADMIN) or only read. */
@ControllerAdvice(basePackageClasses = AdminModel.class)
class AdminModel {

    @ModelAttribute("adminUser")
    String adminUser(Authentication authentication) {
        return authentication == null ? null : authentication.getName();
    }

    @ModelAttribute("canAct")
    boolean canAct(Authentication authentication) {
        return isAdmin(authentication);
    }

    /** Whether the installation's own pages (associations, settings, going live…) are for this user. */
    @ModelAttribute("allOrganizations")
    boolean allOrganizations(Authentication authentication) {
        return ConsoleScope.of(authentication).everyOrganization();
    }

    @ModelAttribute("superAdmin")
    boolean superAdmin(Authentication authentication) {
        return ConsoleScope.of(authentication).superAdmin();
    }

    static boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + ConsoleScope.ADMIN)::equals);
    }
}
