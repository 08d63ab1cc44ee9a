package org.passerelle.gateway.config;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What every page's layout needs: the FR/EN switch links (same page, other language) and the emulator notice (from
 * the settings, hence here: web holds text helpers every feature uses, and depends on none).
 */
@ControllerAdvice
public class LayoutModel {

    private final HelloAssoSettings helloAsso;

    public LayoutModel(HelloAssoSettings helloAsso) {
        this.helloAsso = helloAsso;
    }

    @ModelAttribute("emulated")
    boolean emulated() {
        return helloAsso.emulated();
    }

    @ModelAttribute("langFr")
    String langFr(HttpServletRequest request) {
        return withLang(request, "fr");
    }

    @ModelAttribute("langEn")
    String langEn(HttpServletRequest request) {
        return withLang(request, "en");
    }

    /** Relative link to the current page (GET), keeping its query but the language. */
    static String withLang(HttpServletRequest request, String lang) {
        String path = request.getRequestURI();
        Object forwarded = request.getAttribute("jakarta.servlet.error.request_uri");
        if (forwarded instanceof String original) {
            path = original;
        }
        UriComponentsBuilder builder = UriComponentsBuilder.fromPath(path);
        if (request.getQueryString() != null && forwarded == null) {
            builder.query(request.getQueryString());
        }
        return builder.replaceQueryParam("lang", lang).build().toUriString();
    }
}
