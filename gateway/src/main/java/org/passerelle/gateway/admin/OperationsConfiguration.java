package org.passerelle.gateway.admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Metrics that need a hook into beans of other features. */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    static VerificationMetrics verificationMetrics(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry,
            ObjectProvider<org.passerelle.gateway.order.OrderRepository> orders) {
        return new VerificationMetrics(registry, orders);
    }
}
