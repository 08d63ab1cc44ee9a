package org.passerelle.gateway.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Records every request that reached a controller method, so that a test can tell that none did. */
public final class ControllerCalls implements WebMvcConfigurer, HandlerInterceptor {

    /** A controller method reached by a request, and the path it was sent to; {@code api}: an API controller. */
    public record Call(String handler, String method, String uri, boolean api) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            Class<?> type = method.getBeanType();
            calls.add(new Call(type.getSimpleName() + "." + method.getMethod().getName(), request.getMethod(),
                    request.getRequestURI(), type.isAnnotationPresent(org.passerelle.gateway.api.ApiEndpoint.class)
                            || type.getPackageName().equals("org.passerelle.gateway.api")));
        }
        return true;
    }

    public List<Call> since(int mark) {
        return List.copyOf(calls.subList(Math.min(mark, calls.size()), calls.size()));
    }

    public int mark() {
        return calls.size();
    }
}
