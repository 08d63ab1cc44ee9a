package org.passerelle.gateway.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.passerelle.gateway.web.ClientIp;
import org.passerelle.gateway.web.Redirects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The one-time set-up link printed at start-up when no admin exists (real mode): the first admin chooses a user name
 * and a password (stored as a bcrypt hash), then logs in. The link works once, for 24 hours; afterwards it only says
 * so. Open to anyone holding the link (the token in it is the secret).
 */
@Controller
class FirstRunController {

    /** No leading dot: a user name is also a path segment (/admin/users/{username}), where "." and ".." mean else. */
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,99}$");
    static final int MIN_PASSWORD = 12;
    /** bcrypt reads 72 bytes at most: a longer password would be cut without anyone knowing. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** What the set-up form asks. */
    public static class FirstAdminForm {
        private String username = "";
        private String password = "";
        private String confirmation = "";

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username == null ? "" : username.strip();
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password == null ? "" : password;
        }

        public String getConfirmation() {
            return confirmation;
        }

        public void setConfirmation(String confirmation) {
            this.confirmation = confirmation == null ? "" : confirmation;
        }
    }

    private final AdminAccounts accounts;
    private final AdminUsers users;

    FirstRunController(AdminAccounts accounts, AdminUsers users) {
        this.accounts = accounts;
        this.users = users;
    }

    @GetMapping(AdminUsers.FIRST_RUN + "/{token}")
    ModelAndView form(@PathVariable String token) {
        if (!users.waitingForFirstAdmin() || !accounts.isUsable(token)) {
            return unusable();
        }
        return new ModelAndView("admin/first-run").addObject("firstAdminForm", new FirstAdminForm())
                .addObject("token", token);
    }

    @PostMapping(AdminUsers.FIRST_RUN + "/{token}")
    ModelAndView create(@PathVariable String token, @ModelAttribute FirstAdminForm firstAdminForm,
            BindingResult errors, HttpServletRequest request, Model model) {
        if (!users.waitingForFirstAdmin()) {
            return unusable();
        }
        validate(firstAdminForm, errors);
        if (errors.hasErrors()) {
            firstAdminForm.setPassword("");
            firstAdminForm.setConfirmation("");
            return new ModelAndView("admin/first-run", model.asMap(), HttpStatus.BAD_REQUEST).addObject("token", token);
        }
        return switch (accounts.createFirstAdmin(token, firstAdminForm.getUsername(), firstAdminForm.getPassword(),
                ClientIp.of(request))) {
            case CREATED -> Redirects.seeOther(SecurityConfiguration.LOGIN + "?created");
            case INVALID_LINK, ALREADY_DONE -> unusable();
        };
    }

    private void validate(FirstAdminForm form, BindingResult errors) {
        validateAccount(form, userExists(form.getUsername()), errors);
    }

    /**
     * The rules of a new console account, the first admin's and those a super-admin creates ({@link
     * AdminUsersController}): a user name of the allowed characters not yet used ({@code taken}), a password of 12 to
     * 72 bytes that is not the user name, typed twice alike.
     */
    static void validateAccount(FirstAdminForm form, boolean taken, org.springframework.validation.Errors errors) {
        if (!USERNAME.matcher(form.getUsername()).matches()) {
            errors.rejectValue("username", "firstRun.username.invalid");
        } else if (taken) {
            errors.rejectValue("username", "firstRun.username.taken");
        }
        int bytes = form.getPassword().getBytes(StandardCharsets.UTF_8).length;
        if (form.getPassword().length() < MIN_PASSWORD || bytes > MAX_PASSWORD_BYTES) {
            errors.rejectValue("password", "firstRun.password.length");
        } else if (form.getPassword().equalsIgnoreCase(form.getUsername())) {
            errors.rejectValue("password", "firstRun.password.username");
        } else if (!form.getPassword().equals(form.getConfirmation())) {
            errors.rejectValue("confirmation", "firstRun.password.different");
        }
    }

    private boolean userExists(String username) {
        try {
            users.loadUserByUsername(username);
            return true; // a viewer of the configuration
        } catch (org.springframework.security.core.userdetails.UsernameNotFoundException none) {
            return false;
        }
    }

    /** Used, expired, unknown, or an admin exists already: the same answer, which gives nothing away. */
    private static ModelAndView unusable() {
        return new ModelAndView("admin/first-run-used", HttpStatus.GONE);
    }
}
