package org.passerelle.gateway.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A minimal browser over real HTTP: keeps cookies, never follows redirects by itself (tests follow them by hand and
 * look at each hop), sends French as its language unless told otherwise.
 */
public final class Browser {

    public record Page(int status, URI uri, String location, String body, HttpResponse<String> response) {

        public URI next() {
            if (location == null) {
                throw new AssertionError("Expected a redirect from " + uri + " but got " + status + ":\n" + body);
            }
            return uri.resolve(location);
        }
    }

    private static final java.util.regex.Pattern CSRF_INPUT =
            java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String language = "fr-FR,fr;q=0.9";
    /**
     * The CSRF tokens of the latest gateway pages that carried one (every form does), sent back with each POST: the
     * console's (kept in the admin's session) and the payer pages' (kept in a cookie) are not the same.
     */
    private String csrf;
    private String adminCsrf;

    public Browser(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A cookie set for the gateway's host by someone else (a sibling site of the same domain, say). */
    public Browser plantCookie(String name, String value) {
        java.net.HttpCookie cookie = new java.net.HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(base, cookie);
        return this;
    }

    public Browser language(String acceptLanguage) {
        this.language = acceptLanguage;
        return this;
    }

    public URI resolve(String pathOrUrl) {
        return base.resolve(pathOrUrl);
    }

    public Page get(String pathOrUrl) {
        return get(resolve(pathOrUrl));
    }

    public Page get(URI uri) {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET());
    }

    public Page post(String pathOrUrl, Map<String, String> form) {
        return post(resolve(pathOrUrl), form);
    }

    public Page post(URI uri, Map<String, String> form) {
        return postRaw(uri, withCsrf(uri, form));
    }

    /** A POST exactly as given, without the CSRF token a real page would have put in the form. */
    public Page postWithoutCsrf(String pathOrUrl, Map<String, String> form) {
        return postRaw(resolve(pathOrUrl), form);
    }

    /** The payer pages' token, asking the gateway for one (a test-only route) when no page has shown it yet. */
    public String csrfToken() {
        if (csrf == null) {
            get("/test/csrf");
        }
        return csrf;
    }

    /** The console's token (of this browser's admin session), read from the login page when none was seen yet. */
    public String adminCsrfToken() {
        if (adminCsrf == null) {
            get("/admin/login");
        }
        return adminCsrf;
    }

    /** Logging in gives the session a new token: the next POST fetches it again. */
    public void forgetCsrf() {
        csrf = null;
        adminCsrf = null;
    }

    private static boolean isAdmin(URI uri) {
        return uri.getPath() != null && uri.getPath().startsWith("/admin");
    }

    private Map<String, String> withCsrf(URI uri, Map<String, String> form) {
        boolean gateway = uri.getPort() == base.getPort() && java.util.Objects.equals(uri.getHost(), base.getHost());
        if (!gateway || form.containsKey("_csrf")) {
            return form;
        }
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.put("_csrf", isAdmin(uri) ? adminCsrfToken() : csrfToken());
        return copy;
    }

    private Page postRaw(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Follows 3xx hops (GET) until a page that is not a redirect, or until {@code stop} says so. */
    public Page follow(Page page) {
        Page current = page;
        for (int hops = 0; current.status() >= 300 && current.status() < 400; hops++) {
            if (hops > 10) {
                throw new AssertionError("Too many redirects from " + page.uri());
            }
            current = get(current.next());
        }
        return current;
    }

    public static Map<String, String> form(String... keysAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.header("Accept-Language", language)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher token = CSRF_INPUT.matcher(response.body());
            if (response.uri().getPort() == base.getPort() && token.find()) {
                if (isAdmin(response.uri())) {
                    adminCsrf = token.group(1);
                } else {
                    csrf = token.group(1);
                }
            }
            return new Page(response.statusCode(), response.uri(),
                    response.headers().firstValue("Location").orElse(null), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
