package org.passerelle.gateway.web;

import java.io.IOException;
import java.time.Duration;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What the embedded Tomcat does before Spring sees a request. The request head must arrive whole within
 * {@code passerelle.http.request-head-timeout} ({@link HeadDeadlineProtocol}); an encoded slash ({@code %2F}) is
 * passed on to Spring Security's firewall, which refuses it like every other odd path (so an API client gets a
 * problem+json); and what Tomcat refuses itself (a malformed URL) is answered as a problem+json on API paths too.
 * Requests run on virtual threads where the JDK lets them wait on a monitor without holding their carrier (24 and
 * later, JEP 491): a request waiting for the database or HelloAsso holds no operating-system thread, and the API kept
 * over 3,000 requests/s on two cores in every run where the pool of platform threads sometimes gave half that
 * (docs/benchmarks.md). On JDK 21–23 a virtual thread waiting inside {@code synchronized} (H2 and SecureRandom have
 * some) keeps its carrier, and two such waits could stall a two-core server: platform threads there, as before.
 */
@Configuration(proxyBeanMethods = false)
public class ServerConfiguration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final Duration requestHeadTimeout;
    private final ObjectProvider<ClientErrors.ApiAnswers> api;

    public ServerConfiguration(@Value("${passerelle.http.request-head-timeout:20s}") Duration requestHeadTimeout,
            ObjectProvider<ClientErrors.ApiAnswers> api) {
        this.requestHeadTimeout = requestHeadTimeout;
        this.api = api;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(HeadDeadlineProtocol.class.getName());
        factory.addProtocolHandlerCustomizers(handler -> {
            if (handler instanceof HeadDeadlineProtocol protocol) {
                protocol.setRequestHeadTimeout(requestHeadTimeout.toMillis());
                protocol.setUseVirtualThreads(virtualThreads(Runtime.version().feature()));
            }
        });
        factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        // after Spring Boot's own valve settings: its error report valve is swapped for one that knows the API
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // else the host adds a plain one of its own when it starts
                host.setErrorReportValveClass(ApiAwareErrorReport.class.getName());
            }
            for (Valve valve : context.getParent().getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve report && !(valve instanceof ApiAwareErrorReport)) {
                    ApiAwareErrorReport replacement = new ApiAwareErrorReport(api);
                    replacement.setShowReport(report.isShowReport());
                    replacement.setShowServerInfo(report.isShowServerInfo());
                    context.getParent().getPipeline().removeValve(valve);
                    context.getParent().getPipeline().addValve(replacement);
                }
            }
        });
    }

    /** Whether requests run on virtual threads on this JDK (its feature release): only where monitors do not pin them. */
    static boolean virtualThreads(int jdkFeatureRelease) {
        return jdkFeatureRelease >= 24;
    }

    /** After Spring Boot's customizers, whose error report valve it replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * A request line Tomcat could not parse (a raw space, | or { in the target) leaves no URI; Tomcat's message quotes
     * the target between brackets, whatever its language: enough to tell an API call.
     */
    static String quotedTarget(Throwable parseError) {
        if (parseError == null || parseError.getMessage() == null) {
            return null;
        }
        String message = parseError.getMessage();
        int open = message.indexOf('[');
        int close = message.indexOf(']', open + 1);
        return open >= 0 && close > open ? message.substring(open + 1, close).strip() : null;
    }

    /** Tomcat's last-resort error page, except on API paths, which get their problem+json. */
    static final class ApiAwareErrorReport extends ErrorReportValve {

        private final ObjectProvider<ClientErrors.ApiAnswers> api;

        ApiAwareErrorReport(ObjectProvider<ClientErrors.ApiAnswers> api) {
            this.api = api;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            ClientErrors.ApiAnswers answers = api.getIfAvailable();
            if (status >= 400 && !response.isCommitted() && response.getContentWritten() == 0) {
                SecurityHeaders.apply(response.getResponse());
            }
            String target = request.getRequestURI() != null ? request.getRequestURI() : quotedTarget(throwable);
            if (status < 400 || response.getContentWritten() > 0 || answers == null || target == null
                    || !ApiPaths.isApi(target)) {
                super.report(request, response, throwable);
                return;
            }
            if (!response.setErrorReported()) {
                return;
            }
            try {
                response.resetBuffer();
                answers.error(request, response.getResponse(), status);
                response.finishResponse();
            } catch (IOException | RuntimeException e) {
                // the connection is gone or the answer half written: nothing more to say
            }
        }
    }
}
