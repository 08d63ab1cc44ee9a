package org.passerelle.gateway.admin;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PublicUrl;
import org.passerelle.gateway.connection.ConnectionStatus;
import org.passerelle.gateway.connection.HelloAssoConnection;
import org.passerelle.gateway.notification.NotificationRegistration;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.offer.OfferCatalog;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where going live stands, from facts: HelloAsso accepted the settings, the public address is one HelloAsso and payers
 * can reach, a notification arrived, a payment was verified, the association has offers of its own. Read by the
 * "Going live" page and the dashboard.
 */
@Component
class GoingLive {

    /** A paid order, to show the first payment went through. */
    record PaidOrder(String id, int amount, OffsetDateTime paidAt) {
    }

    record Progress(ConnectionStatus connection, String publicUrl, boolean https, boolean local,
            NotificationRegistration.LastNotification lastNotification, PaidOrder lastPaid, long ownOffers,
            boolean emulated) {

        /** Account, connection, public URL, notifications, first payment, offers. */
        public List<Boolean> steps() {
            return List.of(true, connection.isOk(), emulated || (https && !local), lastNotification != null,
                    lastPaid != null, ownOffers > 0);
        }

        public long done() {
            return steps().stream().filter(Boolean::booleanValue).count();
        }

        public boolean complete() {
            return done() == steps().size();
        }
    }

    private final HelloAssoConnection connection;
    private final HelloAssoSettings helloAsso;
    private final PublicUrl publicUrl;
    private final NotificationRegistration registration;
    private final OfferCatalog offers;
    private final JdbcClient jdbc;
    private final MessageSource messages;

    GoingLive(HelloAssoConnection connection, HelloAssoSettings helloAsso, PublicUrl publicUrl,
            NotificationRegistration registration, OfferCatalog offers, JdbcClient jdbc, MessageSource messages) {
        this.messages = messages;
        this.connection = connection;
        this.helloAsso = helloAsso;
        this.publicUrl = publicUrl;
        this.registration = registration;
        this.offers = offers;
        this.jdbc = jdbc;
    }

    /** "le site de test de HelloAsso (api.helloasso-sandbox.com)", "HelloAsso's test site (…)"… */
    String environmentLabel(Locale locale) {
        return messages.getMessage("golive.environment." + connection.environmentKind(),
                new Object[] {connection.environmentHost()}, connection.environmentName(), locale);
    }

    Progress progress() {
        String base = publicUrl.base();
        URI uri = URI.create(base);
        return new Progress(connection.status(), base, "https".equals(uri.getScheme()), isLocal(uri.getHost()),
                registration.lastNotification().orElse(null), lastPaidOrder(),
                offers.all().stream().filter(offer -> offer.source() != Offer.Source.SAMPLE).count(),
                helloAsso.emulated());
    }

    private PaidOrder lastPaidOrder() {
        return jdbc.sql("""
                SELECT id, amount, paid_at FROM orders WHERE paid_at IS NOT NULL
                ORDER BY paid_at DESC FETCH FIRST 1 ROWS ONLY""")
                .query((rs, row) -> new PaidOrder(rs.getString("id"), rs.getInt("amount"),
                        rs.getObject("paid_at", OffsetDateTime.class)))
                .optional().orElse(null);
    }

    /** An address only this machine or this network reaches: HelloAsso and payers elsewhere cannot. */
    static boolean isLocal(String host) {
        if (host == null) {
            return true;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]")
                || h.equals("0.0.0.0") || h.startsWith("10.") || h.startsWith("192.168.")
                || h.matches("^172\\.(1[6-9]|2\\d|3[01])\\..*");
    }
}
