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

    /** Starts a new window when none is open (or the clock went back), else counts one more call in it. */
    private static final String TAKE_ONE = """
            public_calls_since = CASE WHEN public_calls_since IS NULL OR public_calls_since <= :windowStart
                OR public_calls_since > :now THEN :now ELSE public_calls_since END,
            public_calls = CASE WHEN public_calls_since IS NULL OR public_calls_since <= :windowStart
                OR public_calls_since > :now THEN 1 ELSE public_calls + 1 END
            """;
    /** The order's allowance has a call left in this window (or its window is over). */
    private static final String ONE_LEFT = """
            (public_calls_since IS NULL OR public_calls_since <= :windowStart OR public_calls_since > :now
                OR public_calls < :max)
            """;

    /** Takes one call from the order's allowance; false when this window's is spent (or the order is unknown). */
    public boolean take(String orderId) {
        return update("UPDATE orders SET " + TAKE_ONE + " WHERE id = :id AND " + ONE_LEFT, orderId, clock.now())
                .update() == 1;
    }

    /** What {@link #claimCheckoutCreation} got. */
    public enum Claim {
        /** The right to create the order's next checkout intent, and one call of its allowance. */
        CLAIMED,
        /** Another request (a double click) is creating it right now. */
        IN_PROGRESS,
        /** The order's allowance is spent for this window. */
        TOO_OFTEN
    }

    /**
     * Takes the right to create the order's next checkout intent (one request at a time, so that a double click
     * creates one intent) and one call of its allowance, in one statement: the payer's click costs one write, not two.
     * A claim older than {@code staleBefore} was left by a crashed request and is taken over. The claim is given back
     * with {@link org.passerelle.gateway.order.OrderRepository#markPending} or
     * {@link org.passerelle.gateway.order.OrderRepository#releaseCheckoutCreation}.
     */
    public Claim claimCheckoutCreation(String orderId, OffsetDateTime now, OffsetDateTime staleBefore) {
        int claimed = update("UPDATE orders SET checkout_started_at = :now, " + TAKE_ONE
                + " WHERE id = :id AND (checkout_started_at IS NULL OR checkout_started_at < :stale) AND " + ONE_LEFT,
                orderId, now).param("stale", staleBefore).update();
        if (claimed == 1) {
            return Claim.CLAIMED;
        }
        // which condition failed: read once, only on this rare path
        boolean inProgress = jdbc.sql("SELECT COUNT(*) FROM orders WHERE id = :id AND checkout_started_at >= :stale")
                .param("id", orderId).param("stale", staleBefore).query(Long.class).single() > 0;
        return inProgress ? Claim.IN_PROGRESS : Claim.TOO_OFTEN;
    }

    private JdbcClient.StatementSpec update(String sql, String orderId, OffsetDateTime now) {
        return jdbc.sql(sql).param("id", orderId).param("now", now).param("windowStart", now.minus(limits.window()))
                .param("max", limits.helloassoCallsPerOrder());
    }
}
