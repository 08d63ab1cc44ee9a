package org.passerelle.gateway.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.pattern.PatternLayoutEncoderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * One text log line per log event, whatever a client sends: once Spring Boot has set logging up (its default
 * pattern, {@code logging.pattern.*}, a log file), the message and exception conversions of every pattern are
 * replaced with escaping ones ({@link SafeMessageConverter}, {@link SafeThrowableConverter}) and the patterns are
 * compiled again. Done at the logging level, so every logger is covered, Passerelle's and the frameworks' (a URL in a
 * Spring or Tomcat message included); structured formats ({@code logging.structured.format.*}) are JSON and escape
 * already. Registered in {@code META-INF/spring.factories}.
 */
public class SafeLogLines implements GenericApplicationListener {

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context);
        }
    }

    /** Right after Spring Boot's logging set-up. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    public static void install(LoggerContext context) {
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter<?>>> rules =
                (Map<String, Supplier<DynamicConverter<?>>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        for (String word : new String[] {"m", "msg", "message"}) {
            rules.put(word, SafeMessageConverter::new);
        }
        for (String word : new String[] {"ex", "exception", "throwable", "xEx", "xException", "xThrowable", "rEx",
                "rootException"}) {
            rules.put(word, SafeThrowableConverter::new);
        }
        for (String word : new String[] {"wEx", "wex"}) {
            rules.put(word, SafeThrowableConverter.Whitespace::new);
        }
        for (Logger logger : context.getLoggerList()) {
            recompile(logger);
        }
    }

    private static void recompile(AppenderAttachable<ILoggingEvent> attachable) {
        for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof OutputStreamAppender<ILoggingEvent> output
                    && output.getEncoder() instanceof PatternLayoutEncoderBase<ILoggingEvent> encoder
                    && encoder.isStarted()) {
                encoder.stop();
                encoder.start();
            }
            if (appender instanceof AppenderAttachable<?> nested) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> events = (AppenderAttachable<ILoggingEvent>) nested;
                recompile(events);
            }
        }
    }
}
