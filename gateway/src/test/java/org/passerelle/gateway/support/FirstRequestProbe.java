package org.passerelle.gateway.support;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Calls the API with the configured key the moment the web server accepts requests (before the application is
 * "ready"), as a host application polling for the gateway to come up would, and keeps the status it got.
 */
public class FirstRequestProbe implements ApplicationListener<WebServerInitializedEvent> {

    private volatile Integer status;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        status = new ApiClient(event.getWebServer().getPort(), GatewayTestSupport.CONFIGURED_API_KEY)
                .get("/api/v1/orders?size=1").status();
    }

    /** The status of that first call; null if the server never started. */
    public Integer status() {
        return status;
    }
}
