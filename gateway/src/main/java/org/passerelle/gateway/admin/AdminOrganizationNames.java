package org.passerelle.gateway.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.passerelle.gateway.organization.Organization;
import org.passerelle.gateway.organization.Organizations;
import org.springframework.ui.Model;

/**
 * What the console's lists need to show the association of each row: its name by slug, and whether there is more
 * than one organization at all (with one, the "Association" column is left out, as before issue 18).
 */
final class AdminOrganizationNames {

    private AdminOrganizationNames() {
    }

    static void addTo(Model model, Organizations organizations) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Organization organization : organizations.list()) {
            names.put(organization.slug(), organization.displayName());
        }
        model.addAttribute("organizationNames", names);
        model.addAttribute("manyOrganizations", names.size() > 1);
    }
}
