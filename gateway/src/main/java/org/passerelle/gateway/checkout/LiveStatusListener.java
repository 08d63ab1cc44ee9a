package org.passerelle.gateway.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, wakes {@link LiveStatus} as soon as any instance commits a change to an order: the database announces
 * it ({@code NOTIFY passerelle_order_changed}, from the trigger of migration V5_5) and this instance, listening on one
 * connection of its own, tells the pages it serves at once. A change missed while reconnecting is still caught by
 * LiveStatus's database poll. Does nothing on H2.
 */
@Component
public class LiveStatusListener implements SmartLifecycle {

    static final String CHANNEL = "passerelle_order_changed";
    private static final Duration WAIT = Duration.ofMillis(500);
    private static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(LiveStatusListener.class);

    private final DataSource dataSource;
    private final LiveStatus liveStatus;
    private volatile boolean running;
    private volatile Thread thread;

    public LiveStatusListener(DataSource dataSource, LiveStatus liveStatus) {
        this.dataSource = dataSource;
        this.liveStatus = liveStatus;
    }

    @Override
    public void start() {
        if (!postgres()) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("live-status-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread listening = thread;
        if (listening != null) {
            try {
                listening.join(WAIT.multipliedBy(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True while this instance is listening (for tests). */
    public boolean listening() {
        return running && thread != null && thread.isAlive();
    }

    private boolean postgres() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        } catch (SQLException e) {
            log.warn("Could not tell the database kind, order pages rely on polling: {}", e.toString());
            return false;
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("LISTEN " + CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) WAIT.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            liveStatus.changed(notification.getParameter());
                        }
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("Listening for order changes failed, retrying in {} s (pages still poll): {}",
                            RECONNECT.toSeconds(), e.toString());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
