package org.passerelle.gateway.offer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.OfferFields;
import org.passerelle.gateway.web.Amounts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offers created in the admin console, in the {@code offers} table. Read straight from the database on every page
 * (one indexed query, no cache), so that a change made on one instance is what every instance shows next. Edits carry
 * the version they were based on: one made on an older version is refused, never silently lost.
 */
@Component
public class ConsoleOffers {

    /** What an edit can end with. */
    public enum Outcome { DONE, ID_TAKEN, CHANGED_MEANWHILE, NOT_FOUND }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final UtcClock clock;
    private final OfferFields fields;

    public ConsoleOffers(JdbcClient jdbc, AuditLog audit, UtcClock clock, OfferFields fields) {
        this.jdbc = jdbc;
        this.fields = fields;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every console offer, archived ones included, oldest first. */
    public List<Offer> all() {
        return withFields(jdbc.sql("SELECT * FROM offers ORDER BY created_at, id").query(ConsoleOffers::map).list());
    }

    /** What payers may buy, oldest first (the order they were created in), whatever organization it is sold for. */
    public List<Offer> active() {
        return withFields(jdbc.sql("SELECT * FROM offers WHERE archived_at IS NULL ORDER BY created_at, id")
                .query(ConsoleOffers::map).list());
    }

    /**
     * What payers may buy from one organization, oldest first: {@code organization} null is the configured one (its
     * offers have no slug recorded, so that they stay its own when going live changes its slug).
     */
    public List<Offer> active(String organization) {
        return withFields(jdbc.sql("SELECT * FROM offers WHERE archived_at IS NULL AND "
                        + (organization == null ? "organization_slug IS NULL" : "organization_slug = :org")
                        + " ORDER BY created_at, id")
                .param("org", organization).query(ConsoleOffers::map).list());
    }

    public Optional<Offer> find(String id) {
        return jdbc.sql("SELECT * FROM offers WHERE id = :id").param("id", id).query(ConsoleOffers::map).optional()
                .map(offer -> offer.withFields(fields.of(offer.id())));
    }

    private List<Offer> withFields(List<Offer> offers) {
        if (offers.isEmpty()) {
            return offers;
        }
        Map<String, List<FieldDefinition>> all = fields.all();
        return offers.stream().map(offer -> offer.withFields(all.getOrDefault(offer.id(), List.of()))).toList();
    }

    @Transactional
    public Outcome create(Offer offer, String actor) {
        OffsetDateTime now = clock.now();
        try {
            jdbc.sql("""
                    INSERT INTO offers (id, name, description, price, min_price, pay_what_you_want, donation,
                        ask_birth_date, instalments, created_at, created_by, updated_at, updated_by, version,
                        organization_slug)
                    VALUES (:id, :name, :description, :price, :minPrice, :pwyw, :donation, :askBirthDate, :instalments,
                        :now, :actor, :now, :actor, 1, :organization)""")
                    .params(columns(offer)).param("now", now).param("actor", actor)
                    .param("organization", offer.organization()).update();
        } catch (DuplicateKeyException taken) {
            return Outcome.ID_TAKEN;
        }
        fields.replace(offer.id(), offer.fields());
        audit.record(AuditEvent.success(null, AuditAction.OFFER_CREATED).actor(actor).message(describe(offer)));
        return Outcome.DONE;
    }

    /** Changes everything but the id and the organization, if nobody changed the offer since {@code basedOnVersion}. */
    @Transactional
    public Outcome update(Offer offer, int basedOnVersion, String actor) {
        int changed = jdbc.sql("""
                UPDATE offers SET name = :name, description = :description, price = :price, min_price = :minPrice,
                    pay_what_you_want = :pwyw, donation = :donation, ask_birth_date = :askBirthDate,
                    instalments = :instalments, updated_at = :now, updated_by = :actor, version = version + 1
                WHERE id = :id AND version = :version""")
                .params(columns(offer)).param("now", clock.now()).param("actor", actor).param("version", basedOnVersion)
                .update();
        if (changed == 0) {
            return find(offer.id()).isPresent() ? Outcome.CHANGED_MEANWHILE : Outcome.NOT_FOUND;
        }
        fields.replace(offer.id(), offer.fields());
        audit.record(AuditEvent.success(null, AuditAction.OFFER_UPDATED).actor(actor).message(describe(offer)));
        return Outcome.DONE;
    }

    /** Archived: payers no longer see it; its orders are untouched. */
    @Transactional
    public Outcome archive(String id, String actor) {
        return setArchived(id, actor, true);
    }

    @Transactional
    public Outcome restore(String id, String actor) {
        return setArchived(id, actor, false);
    }

    private Outcome setArchived(String id, String actor, boolean archived) {
        int changed = jdbc.sql(archived
                        ? "UPDATE offers SET archived_at = :now, updated_at = :now, updated_by = :actor,"
                                + " version = version + 1 WHERE id = :id AND archived_at IS NULL"
                        : "UPDATE offers SET archived_at = NULL, updated_at = :now, updated_by = :actor,"
                                + " version = version + 1 WHERE id = :id AND archived_at IS NOT NULL")
                .param("now", clock.now()).param("actor", actor).param("id", id).update();
        if (changed == 0) {
            return find(id).isPresent() ? Outcome.DONE : Outcome.NOT_FOUND; // already so: nothing to do
        }
        audit.record(AuditEvent.success(null, archived ? AuditAction.OFFER_ARCHIVED : AuditAction.OFFER_RESTORED).actor(actor)
                .message("Offer " + id));
        return Outcome.DONE;
    }

    private static Map<String, Object> columns(Offer offer) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("id", offer.id());
        columns.put("name", offer.name());
        columns.put("description", offer.description());
        columns.put("price", offer.payWhatYouWant() ? null : offer.price());
        columns.put("minPrice", offer.minPrice());
        columns.put("pwyw", offer.payWhatYouWant());
        columns.put("donation", offer.donation());
        columns.put("askBirthDate", offer.askBirthDate());
        columns.put("instalments", offer.instalments());
        return columns;
    }

    private static String describe(Offer offer) {
        return "Offer " + offer.id() + " \"" + offer.name() + "\": "
                + (offer.payWhatYouWant() ? "pay what you want from " + Amounts.format(offer.minPrice(), Locale.ENGLISH)
                        : Amounts.format(offer.price(), Locale.ENGLISH))
                + (offer.instalments() > 1 ? ", " + offer.instalments() + " instalments" : "")
                + (offer.donation() ? ", donation" : "") + (offer.askBirthDate() ? ", birth date asked" : "")
                + (offer.fields().isEmpty() ? "" : ", fields " + String.join(", ",
                        offer.fields().stream().map(FieldDefinition::key).toList()));
    }

    private static Offer map(ResultSet rs, int row) throws SQLException {
        return new Offer(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                rs.getObject("price", Integer.class), rs.getInt("min_price"), rs.getBoolean("pay_what_you_want"),
                rs.getBoolean("donation"), rs.getBoolean("ask_birth_date"), rs.getInt("instalments"),
                Offer.Source.CONSOLE, rs.getObject("archived_at") != null, rs.getInt("version"), List.of(),
                rs.getString("organization_slug"));
    }
}
