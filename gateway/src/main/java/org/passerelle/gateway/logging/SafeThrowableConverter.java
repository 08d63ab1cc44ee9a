package org.passerelle.gateway.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import java.util.Arrays;

/**
 * Stack traces as logback prints them, except that each exception's message (which may quote what a client sent) is
 * escaped like a log message: the trace's own lines stay, a message can add none. The "whitespace" variant puts the
 * trace on its own lines, as Spring Boot's default {@code %wEx} does.
 */
public class SafeThrowableConverter extends ExtendedThrowableProxyConverter {

    private final boolean surroundedByLineBreaks;

    public SafeThrowableConverter() {
        this(false);
    }

    SafeThrowableConverter(boolean surroundedByLineBreaks) {
        this.surroundedByLineBreaks = surroundedByLineBreaks;
    }

    /** Spring Boot's {@code %wEx}. */
    public static class Whitespace extends SafeThrowableConverter {
        public Whitespace() {
            super(true);
        }
    }

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        String trace = super.throwableProxyToString(new Escaped(proxy));
        return surroundedByLineBreaks ? CoreConstants.LINE_SEPARATOR + trace + CoreConstants.LINE_SEPARATOR : trace;
    }

    /** The same exception, with its message (and its causes' and suppressed exceptions' messages) escaped. */
    private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return LogText.escape(proxy.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return LogText.escape(proxy.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return proxy.getCause() == null ? null : new Escaped(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return proxy.getSuppressed() == null ? null
                    : Arrays.stream(proxy.getSuppressed()).map(Escaped::new).toArray(IThrowableProxy[]::new);
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
