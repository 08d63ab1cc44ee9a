package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.passerelle.gateway.console.ConsoleScope;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's "Users" page (issue 18), a super-admin's only (the console's URL rules, and here again): the
 * configuration's users, read only, and the stored accounts, which the super-admin creates, makes ADMIN or VIEWER
 * per association, makes super-admin or not, disables and deletes ({@link ConsoleUsers}). A change applies at the
 * user's next request. Passwords are typed by the super-admin, twice, under the set-up link's rules, and never shown.
 */
@Controller
class AdminUsersController {

    static final String PAGE = "/admin/users";

    /** The creation form: the first admin's fields, and optionally a first association and role. */
    public static class NewUserForm extends FirstRunController.FirstAdminForm {
        private String organization = "";
        private String role = ConsoleScope.ADMIN;

        public String getOrganization() {
            return organization;
        }

        public void setOrganization(String organization) {
            this.organization = organization == null ? "" : organization.strip();
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role == null ? "" : role.strip();
        }
    }

    private final ConsoleUsers consoleUsers;
    private final AdminUsers users;
    private final Organizations organizations;

    AdminUsersController(ConsoleUsers consoleUsers, AdminUsers users, Organizations organizations) {
        this.consoleUsers = consoleUsers;
        this.users = users;
        this.organizations = organizations;
    }

    @GetMapping(PAGE)
    String page(Model model, Authentication who) {
        requireSuperAdmin(who);
        if (!model.containsAttribute("newUserForm")) {
            model.addAttribute("newUserForm", new NewUserForm());
        }
        model.addAttribute("storedUsers", consoleUsers.list());
        model.addAttribute("configuredUsers", users.configuredUsers());
        model.addAttribute("organizations", organizations.list());
        AdminOrganizationNames.addTo(model, organizations);
        model.addAttribute("roles", new String[] {ConsoleScope.ADMIN, ConsoleScope.VIEWER});
        return "admin/users";
    }

    @PostMapping(PAGE)
    ModelAndView create(@ModelAttribute NewUserForm newUserForm, BindingResult errors, Authentication who,
            HttpServletRequest request, Model model, RedirectAttributes flash) {
        requireSuperAdmin(who);
        FirstRunController.validateAccount(newUserForm, false, errors);
        if (!errors.hasFieldErrors("username") && consoleUsers.taken(newUserForm.getUsername())) {
            errors.rejectValue("username", "users.username.taken");
        }
        checkRole(newUserForm, errors);
        if (!errors.hasErrors()) {
            String organization = newUserForm.getOrganization().isEmpty() ? null : newUserForm.getOrganization();
            switch (consoleUsers.create(newUserForm.getUsername(), newUserForm.getPassword(), organization,
                    newUserForm.getRole(), who.getName(), ClientIp.of(request))) {
                case DONE -> {
                    flash.addFlashAttribute("flash", "users.flash.created");
                    flash.addFlashAttribute("flashArg", newUserForm.getUsername());
                    return Redirects.seeOther(PAGE);
                }
                case TAKEN -> errors.rejectValue("username", "users.username.taken");
                default -> errors.rejectValue("organization", "users.organization.unknown");
            }
        }
        // the passwords are never sent back, even to the one who typed them
        newUserForm.setPassword("");
        newUserForm.setConfirmation("");
        String view = page(model, who);
        return new ModelAndView(view, model.asMap(), HttpStatus.BAD_REQUEST);
    }

    private void checkRole(NewUserForm form, BindingResult errors) {
        if (form.getOrganization().isEmpty()) {
            return;
        }
        if (!consoleUsers.knownOrganization(form.getOrganization())) {
            errors.rejectValue("organization", "users.organization.unknown");
        }
        if (!ConsoleScope.ADMIN.equals(form.getRole()) && !ConsoleScope.VIEWER.equals(form.getRole())) {
            errors.rejectValue("role", "users.role.unknown");
        }
    }

    /** ADMIN or VIEWER of one association, or of it no more (role empty). */
    @PostMapping(PAGE + "/{username}/roles")
    ModelAndView role(@PathVariable String username, @RequestParam(defaultValue = "") String organization,
            @RequestParam(defaultValue = "") String role, Authentication who, HttpServletRequest request,
            RedirectAttributes flash) {
        requireSuperAdmin(who);
        return done(consoleUsers.setRole(username, organization.strip(), role.strip(), who.getName(),
                ClientIp.of(request)), "users.flash.roleChanged", username, flash);
    }

    @PostMapping(PAGE + "/{username}/super-admin")
    ModelAndView superAdmin(@PathVariable String username, @RequestParam(defaultValue = "false") boolean superAdmin,
            Authentication who, HttpServletRequest request, RedirectAttributes flash) {
        requireSuperAdmin(who);
        return done(consoleUsers.setSuperAdmin(username, superAdmin, who.getName(), ClientIp.of(request)),
                superAdmin ? "users.flash.superAdminMade" : "users.flash.superAdminUnmade", username, flash);
    }

    @PostMapping(PAGE + "/{username}/disable")
    ModelAndView disable(@PathVariable String username, Authentication who, HttpServletRequest request,
            RedirectAttributes flash) {
        requireSuperAdmin(who);
        return done(consoleUsers.setDisabled(username, true, who.getName(), ClientIp.of(request)),
                "users.flash.disabled", username, flash);
    }

    @PostMapping(PAGE + "/{username}/enable")
    ModelAndView enable(@PathVariable String username, Authentication who, HttpServletRequest request,
            RedirectAttributes flash) {
        requireSuperAdmin(who);
        return done(consoleUsers.setDisabled(username, false, who.getName(), ClientIp.of(request)),
                "users.flash.enabled", username, flash);
    }

    @PostMapping(PAGE + "/{username}/delete")
    ModelAndView delete(@PathVariable String username, Authentication who, HttpServletRequest request,
            RedirectAttributes flash) {
        requireSuperAdmin(who);
        return done(consoleUsers.delete(username, who.getName(), ClientIp.of(request)), "users.flash.deleted",
                username, flash);
    }

    /** Back to the page, saying what happened; a user the database does not hold (or the configuration's) is a 404. */
    private static ModelAndView done(ConsoleUsers.Outcome outcome, String doneKey, String username,
            RedirectAttributes flash) {
        String key = switch (outcome) {
            case DONE -> doneKey;
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            case SELF_REFUSED -> "users.flash.selfRefused";
            case LAST_SUPER_ADMIN_REFUSED -> "users.flash.lastSuperAdminRefused";
            case UNKNOWN_ORGANIZATION -> "users.flash.unknownOrganizationRefused";
            case TAKEN -> throw new IllegalStateException("not an outcome of a change");
        };
        flash.addFlashAttribute("flash", key);
        flash.addFlashAttribute("flashArg", username);
        return Redirects.seeOther(PAGE);
    }

    /** The URL rules already keep the page to super-admins; said again where the change is made. */
    private static void requireSuperAdmin(Authentication who) {
        if (!ConsoleScope.of(who).superAdmin()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
    }
}
