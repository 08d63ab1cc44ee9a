package org.passerelle.gateway.checkout;

import java.time.OffsetDateTime;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.web.LimitProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many HelloAsso calls one order's public pages may cause: {@code passerelle.limits.helloasso-calls-per-order}
 * per window, whatever the traffic. One compare-and-set in the database (the order's row), so the count is shared by
 * every instance and a burst of requests takes at most that many calls; HelloAsso's rate limit is kept for real
 * payments. Notifications, the reconciliation and the console are not counted: they are not public.
 */
@Component
public class HelloAssoBudget {

    private final JdbcClient jdbc;
    private final UtcClock clock;
    private final LimitProperties limits;

    public HelloAssoBudget(JdbcClient jdbc, UtcClock clock, LimitProperties limits) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.limits = limits;
    }

    /** Takes one call from the order's allowance; false when this window's is spent (or the order is unknown). */
    public boolean take(String orderId) {
        OffsetDateTime now = clock.now();
        return jdbc.sql("""
                UPDATE orders SET
                    public_calls_since = CASE WHEN public_calls_since IS NULL OR public_calls_since <= :windowStart
                        OR public_calls_since > :now THEN :now ELSE public_calls_since END,
                    public_calls = CASE WHEN public_calls_since IS NULL OR public_calls_since <= :windowStart
                        OR public_calls_since > :now THEN 1 ELSE public_calls + 1 END
                WHERE id = :id AND (public_calls_since IS NULL OR public_calls_since <= :windowStart
                    OR public_calls_since > :now OR public_calls < :max)
                """)
                .param("id", orderId).param("now", now).param("windowStart", now.minus(limits.window()))
                .param("max", limits.helloassoCallsPerOrder())
                .update() == 1;
    }
}
