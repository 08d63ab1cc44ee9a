package org.passerelle.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where every error ends (the servlet container's error dispatch to {@code /error}), in place of Spring Boot's
 * default: an API request gets a problem+json ({@link ApiAnswers}), a page the error page for its status. A client
 * error (4xx) is logged here once, on one line, with no stack trace and no query string (it may hold an order's
 * token); server errors were logged with their trace where they happened. {@code /error} asked for directly is a 404.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
public class ClientErrors implements ErrorController {

    /** Implemented by the API: writes the problem+json of an API request that ended with this status. */
    public interface ApiAnswers {
        void error(HttpServletRequest request, HttpServletResponse response, int status) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(ClientErrors.class);

    private final ObjectProvider<ApiAnswers> api;
    private final List<ErrorViewResolver> views;

    public ClientErrors(ObjectProvider<ApiAnswers> api, List<ErrorViewResolver> views) {
        this.api = api;
        this.views = views;
    }

    @RequestMapping
    public ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        if (status.is2xxSuccessful() || status.is3xxRedirection()) {
            status = HttpStatus.NOT_FOUND;
        }
        ApiAnswers answers = api.getIfAvailable();
        if (ApiPaths.failedOnApi(request) && answers != null) {
            answers.error(request, response, status.value());
            return null;
        }
        if (status.is4xxClientError()) {
            log(request, status.value(), null);
        }
        response.setStatus(status.value());
        for (ErrorViewResolver resolver : views) {
            ModelAndView view = resolver.resolveErrorView(request, status, Map.of("status", status.value()));
            if (view != null) {
                view.setStatus(status);
                return view;
            }
        }
        return new ModelAndView("error", Map.of("status", status.value()), status);
    }

    /** One line per client error: status, why, method, path (as sent, without its query) and address. */
    public static void log(HttpServletRequest request, int status, String why) {
        if (!log.isInfoEnabled()) {
            return;
        }
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = failed instanceof String original ? original : request.getRequestURI();
        log.info("Client error {}{} on {} {} from {}", status, why == null ? "" : " (" + why + ")", request.getMethod(),
                path == null ? "" : path.length() > 300 ? path.substring(0, 300) + "…" : path, ClientIp.of(request));
    }
}
