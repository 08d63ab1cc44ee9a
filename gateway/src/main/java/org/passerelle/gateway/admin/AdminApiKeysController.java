package org.passerelle.gateway.admin;

import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.web.Redirects;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * API keys for host applications: create (the secret is shown once, on the page right after, and never again) and
 * revoke. Keys from the configuration are listed but changed there.
 */
@Controller
class AdminApiKeysController {

    private final ApiKeys keys;

    AdminApiKeysController(ApiKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/admin/api-keys")
    String list(Model model) {
        model.addAttribute("keys", keys.list());
        return "admin/api-keys";
    }

    @PostMapping("/admin/api-keys")
    ModelAndView create(@RequestParam(required = false) String name, Authentication who, RedirectAttributes flash) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            flash.addFlashAttribute("nameInvalid", true);
            return Redirects.seeOther("/admin/api-keys");
        }
        ApiKeys.CreatedKey created = keys.create(name, who.getName());
        // a flash attribute lives for the next request only: the secret is shown once
        flash.addFlashAttribute("created", created);
        return Redirects.seeOther("/admin/api-keys");
    }

    @PostMapping("/admin/api-keys/{id}/revoke")
    ModelAndView revoke(@PathVariable String id, Authentication who, RedirectAttributes flash) {
        flash.addFlashAttribute("flash", keys.revoke(id, who.getName()) ? "admin.flash.keyRevoked" : "admin.flash.keyNotRevoked");
        return Redirects.seeOther("/admin/api-keys");
    }
}
