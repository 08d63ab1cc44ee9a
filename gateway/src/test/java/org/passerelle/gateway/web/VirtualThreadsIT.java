package org.passerelle.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/** The running server's requests run on virtual threads where the JDK allows it safely (ServerConfiguration). */
class VirtualThreadsIT extends GatewayTestSupport {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void requestsRunOnVirtualThreadsFromJdk24AndOnPlatformThreadsBefore() throws Exception {
        Executor requests = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .getProtocolHandler().getExecutor();
        AtomicBoolean virtual = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        requests.execute(() -> {
            virtual.set(Thread.currentThread().isVirtual());
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(virtual.get()).as("on JDK %s", Runtime.version()).isEqualTo(Runtime.version().feature() >= 24);
        // the page a payer opens is served as before
        assertThat(browser().get("/").status()).isEqualTo(200);
    }

    @Test
    void onlyJdksWhoseMonitorsDoNotPinACarrierGetThem() {
        assertThat(ServerConfiguration.virtualThreads(21)).isFalse();
        assertThat(ServerConfiguration.virtualThreads(23)).isFalse();
        assertThat(ServerConfiguration.virtualThreads(24)).isTrue();
        assertThat(ServerConfiguration.virtualThreads(25)).isTrue();
    }
}
