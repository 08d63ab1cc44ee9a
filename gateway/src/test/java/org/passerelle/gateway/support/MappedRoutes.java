package org.passerelle.gateway.support;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes the application maps, read from Spring's handler mapping, for the tests that must cover every one
 * (a route added later is covered without touching them): the isolation tests of the API and of the console.
 */
public final class MappedRoutes {

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}]+)}");

    /** One method on one path pattern. */
    public record Route(RequestMethod method, String pattern) {

        /**
         * The pattern with each path variable replaced by {@code value(route, name)}; a null value fails the test: a new
         * kind of path variable must be taught to the test that aims the route.
         */
        public String aimed(BiFunction<Route, String, String> value) {
            Matcher variable = PATH_VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (variable.find()) {
                String replacement = value.apply(this, variable.group(1));
                if (replacement == null) {
                    fail("A new route " + this + " has {" + variable.group(1) + "}: say in the test what another"
                            + " organization's " + variable.group(1) + " is, so that its isolation is checked");
                }
                variable.appendReplacement(path, Matcher.quoteReplacement(replacement));
            }
            variable.appendTail(path);
            return path.toString();
        }

        /** The pattern's first segment after {@code /admin} or {@code /api/v1} ("orders", "api-keys"…). */
        public String section(int depth) {
            String[] segments = pattern.split("/");
            return segments.length > depth ? segments[depth] : "";
        }
    }

    private MappedRoutes() {
    }

    /**
     * Every route whose pattern is {@code root} or under it, by method (a mapping without methods counts as GET and
     * POST); the test support's own controllers ({@code org.passerelle.gateway.support}) left out.
     */
    public static List<Route> under(RequestMappingHandlerMapping mappings, String root) {
        List<Route> routes = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (handler.getBeanType().getName().startsWith("org.passerelle.gateway.support.")) {
                return;
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals(root) || pattern.startsWith(root + "/")) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods)
                            .forEach(method -> routes.add(new Route(method, pattern)));
                }
            }
        });
        return routes;
    }
}
