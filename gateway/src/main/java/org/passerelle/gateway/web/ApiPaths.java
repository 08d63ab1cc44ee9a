package org.passerelle.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.server.PathContainer;

/**
 * Which requests are API requests: those whose path, read as Spring MVC reads it to route (percent-decoded segment
 * by segment, matrix parameters dropped), starts with the segment {@code api} in any letter case. Security, error
 * answers and limits all use this one rule, so that no spelling of a path reaches an API controller as something else.
 */
public final class ApiPaths {

    private ApiPaths() {
    }

    /** This request, by the path it is routed on (what security checks). */
    public static boolean isApi(HttpServletRequest request) {
        return isApi(withinApplication(request, request.getRequestURI()));
    }

    /** For answering an error: during the error dispatch, the request that failed; otherwise this one. */
    public static boolean failedOnApi(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return isApi(withinApplication(request, failed instanceof String original ? original : request.getRequestURI()));
    }

    private static String withinApplication(HttpServletRequest request, String uri) {
        String context = request.getContextPath();
        if (uri == null) {
            return "";
        }
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /**
     * {@code rawPath}: the path within the application, still percent-encoded, as sent. Dot segments count as a
     * browser or a proxy would resolve them ({@code /./api}, {@code /x/../api}): whatever spelling could end up routed
     * to the API is treated as an API request.
     */
    public static boolean isApi(String rawPath) {
        try {
            java.util.Deque<String> segments = new java.util.ArrayDeque<>();
            for (PathContainer.Element element : PathContainer.parsePath(rawPath).elements()) {
                if (element instanceof PathContainer.PathSegment segment) {
                    // an encoded slash decoded by a proxy on the way would split the segment
                    for (String value : segment.valueToMatch().split("/", -1)) {
                        if (value.equals("..")) {
                            segments.pollLast();
                        } else if (!value.isEmpty() && !value.equals(".")) {
                            segments.addLast(value);
                        }
                    }
                }
            }
            return !segments.isEmpty() && segments.peekFirst().toLowerCase(Locale.ROOT).equals("api");
        } catch (RuntimeException malformed) {
            // not a path Spring could route (bad percent-encoding): whatever it is, it is not let through as a page
            return rawPath.toLowerCase(Locale.ROOT).contains("api");
        }
    }
}
