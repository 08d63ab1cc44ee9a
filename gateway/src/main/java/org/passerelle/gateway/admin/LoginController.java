package org.passerelle.gateway.admin;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security handles the POST, the throttle and the logout. */
@Controller
class LoginController {

    private final AdminUsers users;

    LoginController(AdminUsers users) {
        this.users = users;
    }

    @GetMapping(SecurityConfiguration.LOGIN)
    String login(Model model) {
        // no admin yet (real mode): say where the way in is, instead of a form nobody can use
        model.addAttribute("waitingForFirstAdmin", users.waitingForFirstAdmin());
        return "admin/login";
    }
}
