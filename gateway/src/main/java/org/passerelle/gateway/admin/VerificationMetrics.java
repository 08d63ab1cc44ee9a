package org.passerelle.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Locale;
import org.aopalliance.intercept.MethodInterceptor;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.Verification;
import org.passerelle.gateway.payment.VerificationSource;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts every verification by outcome, source and the order's organization ({@code passerelle_verifications_total};
 * the organization is the order's slug: with several associations, each one's payments are told apart) by wrapping the
 * {@link PaymentVerifier} bean: each public call that returns a {@link Verification} is one verification (its own
 * internal calls are not counted twice). The verifier itself stays free of metrics.
 */
class VerificationMetrics implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;
    private final ObjectProvider<OrderRepository> orders;

    VerificationMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<OrderRepository> orders) {
        this.registry = registry;
        this.orders = orders;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof PaymentVerifier)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Object result = invocation.proceed();
            if (result instanceof Verification verification) {
                String source = Arrays.stream(invocation.getArguments())
                        .filter(VerificationSource.class::isInstance).map(s -> ((VerificationSource) s).tag())
                        .findFirst().orElse("unknown");
                // every public verification names its order first
                String organization = invocation.getArguments().length > 0
                        && invocation.getArguments()[0] instanceof String orderId
                        ? orders.getObject().find(orderId).map(Order::organizationSlug).orElse("unknown") : "unknown";
                Counter.builder("passerelle.verifications")
                        .description("Payment verifications by outcome, source and organization")
                        .tag("outcome", verification.name().toLowerCase(Locale.ROOT)).tag("source", source)
                        .tag("organization", organization)
                        .register(registry.getObject()).increment();
            }
            return result;
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
