package org.passerelle.gateway.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m}, {@code %msg}, {@code %message}: the formatted message on one line (see {@link LogText}). One exception:
 * Spring Boot's report of a failed start (what to fix in the configuration), written before any request is served
 * and read by whoever starts the application, keeps its line breaks.
 */
public class SafeMessageConverter extends MessageConverter {

    static final String STARTUP_FAILURE_REPORT = "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

    @Override
    public String convert(ILoggingEvent event) {
        String message = super.convert(event);
        if (STARTUP_FAILURE_REPORT.equals(event.getLoggerName()) && message != null) {
            return String.join(System.lineSeparator(), message.lines().map(LogText::escape).toList());
        }
        return LogText.escape(message);
    }
}
