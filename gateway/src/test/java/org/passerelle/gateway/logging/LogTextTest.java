package org.passerelle.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void whatCouldStartAnotherLineOrReorderOneIsEscaped() {
        assertThat(LogText.escape("GET /orders/x\n2026-01-01 INFO forged")).isEqualTo("GET /orders/x\\n2026-01-01 INFO forged");
        assertThat(LogText.escape("a\r\nb\tc\u0000d\u0085e\u2028f\u202eg")).isEqualTo("a\\r\\nb\\tc\\u0000d\\u0085e\\u2028f\\u202Eg");
        assertThat(LogText.escape("Zoë 李 €")).isEqualTo("Zoë 李 €");
        assertThat(LogText.escape(null)).isNull();
    }

    @Test
    void anyPatternOfAnyAppenderWritesOneLinePerEventOnceInstalled() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n%ex");
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.INFO);

        SafeLogLines.install(context);
        root.info("Client error on {}", "/orders/x\nERROR forged line");
        root.warn("Failed", new IllegalArgumentException("bad value \r\nINFO forged too",
                new IllegalStateException("cause\nINFO forged cause")));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines[0]).isEqualTo("INFO Client error on /orders/x\\nERROR forged line");
        assertThat(lines).noneMatch(line -> line.startsWith("INFO forged") || line.startsWith("ERROR forged"));
        assertThat(String.join("\n", lines)).contains("bad value \\r\\nINFO forged too").contains("cause\\nINFO forged cause")
                .contains("\tat org.passerelle.gateway.logging.LogTextTest");
    }
}
