package org.passerelle.gateway.web;

import java.io.IOException;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 connector with a deadline on the whole request head. Tomcat's {@code connectionTimeout} bounds
 * each wait for more bytes, so a client that drips its request line and headers a byte at a time, each a little
 * before that timeout, would hold the connection for ever (a "slowloris"). Here the head must be complete within
 * {@code requestHeadTimeout} of its first byte: the socket's read timeout is cut to what is left after each read, and
 * a head still incomplete past the deadline closes the connection. Bodies and answers are not concerned.
 */
public class HeadDeadlineProtocol extends Http11NioProtocol {

    private volatile long requestHeadTimeoutMillis = 20_000;

    public void setRequestHeadTimeout(long millis) {
        this.requestHeadTimeoutMillis = millis;
    }

    public long getRequestHeadTimeout() {
        return requestHeadTimeoutMillis;
    }

    /** Requests run on virtual threads (Tomcat's own executor for them) instead of its pool of platform threads. */
    public void setUseVirtualThreads(boolean useVirtualThreads) {
        getEndpoint().setUseVirtualThreads(useVirtualThreads);
    }

    @Override
    protected Processor createProcessor() {
        return new HeadDeadlineProcessor(this);
    }

    private static final class HeadDeadlineProcessor extends Http11Processor {

        private final HeadDeadlineProtocol protocol;
        /** When the head being read began (System.nanoTime), or -1 when none is being read. */
        private long headStartedAt = -1;

        HeadDeadlineProcessor(HeadDeadlineProtocol protocol) {
            super(protocol, protocol.getAdapter());
            this.protocol = protocol;
        }

        @Override
        public SocketState service(SocketWrapperBase<?> socket) throws IOException {
            long now = System.nanoTime();
            long limit = protocol.requestHeadTimeoutMillis * 1_000_000L;
            if (headStartedAt >= 0 && now - headStartedAt > limit) {
                headStartedAt = -1;
                return SocketState.CLOSED;
            }
            long startedAt = headStartedAt >= 0 ? headStartedAt : now;
            SocketState state;
            try {
                state = super.service(socket);
            } catch (IOException | RuntimeException e) {
                headStartedAt = -1;
                throw e;
            }
            // LONG without async or upgrade: Tomcat parked the connection in the middle of a request head
            if (state == SocketState.LONG && !isAsync() && !isUpgrade()) {
                headStartedAt = startedAt;
                long leftMillis = (limit - (System.nanoTime() - startedAt)) / 1_000_000L;
                socket.setReadTimeout(Math.max(1, Math.min(leftMillis, protocol.getConnectionTimeout())));
            } else {
                headStartedAt = -1;
            }
            return state;
        }
    }
}
