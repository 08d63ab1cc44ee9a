package org.passerelle.gateway.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Records every request that reached a controller method, so that a test can tell that none did. */
public final class ControllerCalls implements WebMvcConfigurer, HandlerInterceptor {

    /** A controller method reached by a request, and the path it was sent to; {@code api}: an API controller. */
    public record Call(String handler, String method, String uri, boolean api) {
    }

    /**
     * Every request of the shared context's life lands here: a copy-on-write list copied all of it on each request,
     * which grew into a cost of the test's own that the checkout benchmarks counted as the gateway's.
     */
    private final List<Call> calls = new ArrayList<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            Class<?> type = method.getBeanType();
            Call call = new Call(type.getSimpleName() + "." + method.getMethod().getName(), request.getMethod(),
                    request.getRequestURI(), type.isAnnotationPresent(org.passerelle.gateway.api.ApiEndpoint.class)
                            || type.getPackageName().equals("org.passerelle.gateway.api"));
            synchronized (calls) {
                calls.add(call);
            }
        }
        return true;
    }

    public List<Call> since(int mark) {
        synchronized (calls) {
            return List.copyOf(calls.subList(Math.min(mark, calls.size()), calls.size()));
        }
    }

    public int mark() {
        synchronized (calls) {
            return calls.size();
        }
    }
}
