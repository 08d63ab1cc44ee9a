package org.passerelle.gateway.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security handles the POST, the throttle and the logout. */
@Controller
class LoginController {

    @GetMapping(SecurityConfiguration.LOGIN)
    String login() {
        return "admin/login";
    }
}
