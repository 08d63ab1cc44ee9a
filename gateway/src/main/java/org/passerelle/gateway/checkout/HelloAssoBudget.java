package org.passerelle.gateway.checkout;

import java.time.OffsetDateTime;
import java.util.function.IntSupplier;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.web.LimitProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many HelloAsso calls one order's public pages may cause: {@code passerelle.limits.helloasso-calls-per-order}
 * per window, whatever the traffic. One compare-and-set in the database (the order's row of {@code helloasso_budgets}),
 * so the count is shared by every instance and a burst of requests takes at most that many calls; HelloAsso's rate
 * limit is kept for real payments. Notifications, the reconciliation and the console are not counted: they are not
 * public. The same row holds the claim that lets one request at a time create the order's checkout intent.
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
    /** The order's first counted call creates its row (none when the order is unknown or has its row already). */
    private static final String FIRST_CALL = """
            INSERT INTO helloasso_budgets (order_id, checkout_started_at, public_calls_since, public_calls)
            SELECT id, CAST(:claim AS TIMESTAMP WITH TIME ZONE), CAST(:now AS TIMESTAMP WITH TIME ZONE), 1 FROM orders
            WHERE id = :id AND NOT EXISTS (SELECT 1 FROM helloasso_budgets WHERE order_id = :id)
            """;

    /** Takes one call from the order's allowance; false when this window's is spent (or the order is unknown). */
    public boolean take(String orderId) {
        OffsetDateTime now = clock.now();
        return counted(orderId, now, null, () -> statement("UPDATE helloasso_budgets SET " + TAKE_ONE
                + " WHERE order_id = :id AND " + ONE_LEFT, orderId, now).update());
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
     * with {@link #releaseCheckoutCreation}.
     */
    public Claim claimCheckoutCreation(String orderId, OffsetDateTime now, OffsetDateTime staleBefore) {
        if (counted(orderId, now, now, () -> statement("UPDATE helloasso_budgets SET checkout_started_at = :now, "
                + TAKE_ONE + " WHERE order_id = :id AND (checkout_started_at IS NULL OR checkout_started_at < :stale)"
                + " AND " + ONE_LEFT, orderId, now).param("stale", staleBefore).update())) {
            return Claim.CLAIMED;
        }
        // which condition failed: read once, only on this rare path
        boolean inProgress = jdbc.sql("SELECT COUNT(*) FROM helloasso_budgets WHERE order_id = :id"
                        + " AND checkout_started_at >= :stale")
                .param("id", orderId).param("stale", staleBefore).query(Long.class).single() > 0;
        return inProgress ? Claim.IN_PROGRESS : Claim.TOO_OFTEN;
    }

    /**
     * Gives back the claim taken at {@code claimedAt}, once the new intent is stored or its creation failed; a claim
     * taken over since by another request is left to that one. Inside the transaction that stores the intent, if any.
     */
    public void releaseCheckoutCreation(String orderId, OffsetDateTime claimedAt) {
        jdbc.sql("UPDATE helloasso_budgets SET checkout_started_at = NULL"
                        + " WHERE order_id = :id AND checkout_started_at = :claimed")
                .param("id", orderId).param("claimed", claimedAt).update();
    }

    /**
     * One call counted by {@code update} on the order's row, or by creating that row with it. When two first calls
     * create it at once, the loser counts its call on the winner's row.
     */
    private boolean counted(String orderId, OffsetDateTime now, OffsetDateTime claim, IntSupplier update) {
        if (update.getAsInt() == 1) {
            return true;
        }
        try {
            if (statement(FIRST_CALL, orderId, now).param("claim", claim).update() == 1) {
                return true;
            }
        } catch (DuplicateKeyException createdMeanwhile) {
            // another request's first call, committed after this one's NOT EXISTS: count on its row
        }
        return update.getAsInt() == 1;
    }

    private JdbcClient.StatementSpec statement(String sql, String orderId, OffsetDateTime now) {
        return jdbc.sql(sql).param("id", orderId).param("now", now).param("windowStart", now.minus(limits.window()))
                .param("max", limits.helloassoCallsPerOrder());
    }
}
