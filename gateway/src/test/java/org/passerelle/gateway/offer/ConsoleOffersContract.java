package org.passerelle.gateway.offer;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.field.FieldDefinition;
import org.passerelle.gateway.field.FieldsFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.LimitProperties;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.PasserelleProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Console offers on each database, as two instances sharing it see them: what one creates, edits or archives the
 * other shows on its next read (no cache); an edit based on an old version is refused; two instances creating the same
 * page at once make one offer; the configuration's ids and the emulator's samples keep their places.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsoleOffersContract {

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private OfferCatalog instanceA;
    private OfferCatalog instanceB;
    private ConsoleOffers consoleA;
    private ConsoleOffers consoleB;

    abstract HikariDataSource createDatabase();

    abstract void dropDatabase(JdbcClient jdbc);

    /** Skips the class, saying why, when its database is not there. */
    void assumeAvailable() {
    }

    @BeforeAll
    void instances() {
        assumeAvailable();
        dataSource = createDatabase();
        jdbc = JdbcClient.create(dataSource);
        PasserelleProperties properties = properties(Map.of("passerelle.offers[0].id", "adhesion",
                "passerelle.offers[0].name", "Adhésion", "passerelle.offers[0].price", "2500"));
        HelloAssoSettings real = new HelloAssoSettings("asso", false, "HelloAsso sandbox");
        consoleA = console(properties);
        consoleB = console(properties);
        instanceA = new OfferCatalog(properties, real, consoleA);
        instanceB = new OfferCatalog(properties, real, consoleB);
    }

    private ConsoleOffers console(PasserelleProperties properties) {
        LimitProperties limits = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("passerelle.limits", LimitProperties.class);
        AuditLog audit = new AuditLog(jdbc, new UtcClock(Clock.systemUTC()), properties, new AddressLimits(Clock.systemUTC(), limits),
                limits);
        return new ConsoleOffers(jdbc, audit, new UtcClock(Clock.systemUTC()),
                new org.passerelle.gateway.field.OfferFields(jdbc, tools.jackson.databind.json.JsonMapper.builder().build()));
    }

    @BeforeEach
    void empty() {
        jdbc.sql("DELETE FROM offers").update();
        jdbc.sql("DELETE FROM offer_fields").update();
        jdbc.sql("DELETE FROM audit_events").update();
    }

    static PasserelleProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("passerelle", PasserelleProperties.class);
    }

    @AfterAll
    void drop() {
        if (dataSource != null) {
            dropDatabase(jdbc);
            dataSource.close();
        }
    }

    private static Offer offer(String id, String name, Integer price) {
        return new Offer(id, name, "", price, 50, price == null, false, false, 1, Offer.Source.CONSOLE, false, 0);
    }

    @Test
    void anOffersFieldsAreSavedWithItAndReplacedByAnEdit() {
        Offer asking = offer("stage-fields", "Stage", 1250).withFields(FieldsFixture.everyType());
        assertThat(consoleA.create(asking, "marie")).isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceB.find("stage-fields")).get().extracting(Offer::fields)
                .isEqualTo(FieldsFixture.everyType());
        assertThat(instanceB.all()).filteredOn(o -> o.id().equals("stage-fields")).singleElement()
                .extracting(Offer::fields).isEqualTo(FieldsFixture.everyType());
        List<FieldDefinition> fewer = FieldsFixture.everyType().subList(5, 7);
        assertThat(consoleB.update(asking.withFields(fewer), 1, "paul")).isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceA.find("stage-fields")).get().extracting(Offer::fields).isEqualTo(fewer);
        assertThat(consoleA.update(asking.withFields(List.of()), 1, "marie"))
                .as("an edit based on an older version changes no field either")
                .isEqualTo(ConsoleOffers.Outcome.CHANGED_MEANWHILE);
        assertThat(instanceA.find("stage-fields")).get().extracting(Offer::fields).isEqualTo(fewer);
    }

    @Test
    void whatOneInstanceChangesTheOtherShowsAtOnce() {
        assertThat(consoleA.create(offer("stage-voile", "Stage de voile", 1250), "marie"))
                .isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceB.find("stage-voile")).get().extracting(Offer::price).isEqualTo(1250);
        assertThat(instanceB.all()).extracting(Offer::id).containsExactly("adhesion", "stage-voile");

        Offer seenByB = instanceB.find("stage-voile").orElseThrow();
        Offer seenByA = instanceA.find("stage-voile").orElseThrow();
        assertThat(consoleB.update(offer("stage-voile", "Stage de voile", 1500), seenByB.version(), "paul"))
                .isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceA.find("stage-voile").orElseThrow().price()).isEqualTo(1500);
        assertThat(consoleA.update(offer("stage-voile", "Stage de voile", 999), seenByA.version(), "marie"))
                .as("an edit made on what A saw before B's change").isEqualTo(ConsoleOffers.Outcome.CHANGED_MEANWHILE);
        assertThat(instanceB.find("stage-voile").orElseThrow().price()).isEqualTo(1500);

        assertThat(consoleA.archive("stage-voile", "marie")).isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceB.find("stage-voile")).isEmpty();
        assertThat(instanceB.isArchived("stage-voile")).isTrue();
        assertThat(instanceB.all()).extracting(Offer::id).containsExactly("adhesion");
        assertThat(consoleB.restore("stage-voile", "paul")).isEqualTo(ConsoleOffers.Outcome.DONE);
        assertThat(instanceA.find("stage-voile")).isPresent();
        assertThat(consoleB.archive("nothing-here", "paul")).isEqualTo(ConsoleOffers.Outcome.NOT_FOUND);
        assertThat(jdbc.sql("SELECT action FROM audit_events WHERE action LIKE 'offer.%' ORDER BY id").query(String.class)
                .list()).containsExactly("offer.created", "offer.updated", "offer.archived", "offer.restored");
    }

    @Test
    void twoInstancesCreatingTheSamePageMakeOneOffer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Callable<ConsoleOffers.Outcome>> creations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ConsoleOffers console = i % 2 == 0 ? consoleA : consoleB;
            int price = 1000 + i;
            creations.add(() -> console.create(offer("gala", "Gala", price), "admin"));
        }
        List<ConsoleOffers.Outcome> outcomes = new ArrayList<>();
        for (Future<ConsoleOffers.Outcome> outcome : threads.invokeAll(creations)) {
            outcomes.add(outcome.get());
        }
        threads.shutdown();
        assertThat(outcomes).containsOnlyOnce(ConsoleOffers.Outcome.DONE)
                .containsOnly(ConsoleOffers.Outcome.DONE, ConsoleOffers.Outcome.ID_TAKEN);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM offers WHERE id = 'gala'").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theConfigurationKeepsItsIdsAndSamplesExistOnlyInEmulatorMode() {
        consoleA.create(offer("adhesion", "Adhésion (console)", 3000), "marie");
        assertThat(instanceB.find("adhesion").orElseThrow().source()).isEqualTo(Offer.Source.CONFIGURATION);
        assertThat(instanceB.all()).filteredOn(offer -> offer.id().equals("adhesion")).hasSize(1);

        PasserelleProperties none = properties(Map.of());
        assertThat(new OfferCatalog(none, new HelloAssoSettings("asso", false, "real"), consoleA).all())
                .noneMatch(offer -> offer.source() == Offer.Source.SAMPLE);
        assertThat(new OfferCatalog(none, new HelloAssoSettings("demo", true, "emulator"), consoleA).fixedOffers())
                .extracting(Offer::id).containsExactly("adhesion-2026", "atelier-initiation", "stage-ete", "don-libre");
    }

    @Test
    void payWhatYouWantOffersKeepNoPrice() {
        consoleA.create(offer("don", "Don libre", null), "marie");
        Offer don = instanceB.find("don").orElseThrow();
        assertThat(don.payWhatYouWant()).isTrue();
        assertThat(don.price()).isNull();
        assertThat(don.minPrice()).isEqualTo(50);
    }
}
