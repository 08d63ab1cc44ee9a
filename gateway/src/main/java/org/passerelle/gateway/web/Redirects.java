package org.passerelle.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/** 303 See Other: after a POST or a return from HelloAsso, a reload repeats nothing. */
public final class Redirects {

    private Redirects() {
    }

    public static ModelAndView seeOther(String url) {
        RedirectView view = new RedirectView(url, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }

    /** To an address given by a host, used exactly as given (no URI template expansion of its braces). */
    public static ModelAndView seeOtherExternal(String url) {
        RedirectView view = new RedirectView(url, false);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        view.setExpandUriTemplateVariables(false);
        return new ModelAndView(view);
    }
}
