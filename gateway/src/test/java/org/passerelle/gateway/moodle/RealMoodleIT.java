package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.config.HelloAssoConfiguration.EmulatorHolder;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.DatabasePerContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's Moodle channel against a REAL Moodle (optional: CI cannot have one). Stand one up with
 * {@code shared/moodle/kit} (install-moodle.sh, then setup-ws.php with the functions docs/moodle.md lists) and set
 * {@code PASSERELLE_TEST_MOODLE_URL}, {@code PASSERELLE_TEST_MOODLE_TOKEN} and {@code PASSERELLE_TEST_MOODLE_COURSE}.
 * Payments go through the in-process emulator; everything Moodle-side is real, and checked through the same token.
 */
@EnabledIfEnvironmentVariable(named = RealMoodleIT.URL, matches = ".+", disabledReason = RealMoodleIT.URL
        + " is not set: the real-Moodle test is skipped (README, Development: a Moodle from shared/moodle/kit)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${" + DatabasePerContext.PROPERTY + "};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "passerelle.emulator.port=0",
        "db-scheduler.enabled=false",
        "passerelle.fulfilment.sweep-interval=500ms",
        "passerelle.moodle.create-users=true",
        "passerelle.moodle.enrolment-period=365d",
        "passerelle.moodle.sweep-interval=300ms",
        "passerelle.refunds.moodle-unenrol=true",
})
class RealMoodleIT {

    static final String URL = "PASSERELLE_TEST_MOODLE_URL";
    static final long YEAR = Duration.ofDays(365).toSeconds();

    @DynamicPropertySource
    static void moodle(DynamicPropertyRegistry registry) {
        registry.add("passerelle.moodle.url", () -> System.getenv(URL));
        registry.add("passerelle.moodle.token", () -> System.getenv("PASSERELLE_TEST_MOODLE_TOKEN"));
        registry.add("passerelle.moodle.courses.atelier-initiation", RealMoodleIT::course);
    }

    static long course() {
        return Long.parseLong(System.getenv().getOrDefault("PASSERELLE_TEST_MOODLE_COURSE", "2"));
    }

    @LocalServerPort
    int port;
    @Autowired
    EmulatorHolder emulator;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;
    @Autowired
    OrderRepository orders;
    @Autowired
    MoodleEnrolments enrolments;
    @Autowired
    MoodleEnroller enroller;
    @Autowired
    MoodleConnectionCheck check;

    /** The same site and token, to look at what Moodle holds. */
    MoodleClient moodle() {
        return enroller.client();
    }

    record Paid(String orderId, ApiClient api) {
    }

    Paid pay(String email) {
        ApiClient api = new ApiClient(port, apiKeys.create("real moodle " + UUID.randomUUID(), "test").secret());
        Map<String, Object> body = ApiClient.order("real-moodle-" + UUID.randomUUID(), 4000);
        body.put("payer", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
        body.put("metadata", Map.of("moodleCourseId", course()));
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        Browser browser = new Browser(URI.create("http://localhost:" + port));
        assertThat(browser.get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = orders.find(orderId).orElseThrow().checkoutIntentId();
        emulator.emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        return new Paid(orderId, api);
    }

    MoodleEnrolment row(String orderId) {
        return enrolments.forOrder(orderId).getFirst();
    }

    MoodleEnrolment settled(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && row(orderId).status().equals(status));
        return row(orderId);
    }

    void refundAll(Paid paid) {
        assertThat(paid.api().post("/api/v1/orders/" + paid.orderId() + "/refunds", Map.of()).status()).isEqualTo(201);
        settled(paid.orderId(), MoodleEnrolment.UNENROLLED);
    }

    MoodleClient.CourseProfile profile(long user) throws MoodleException {
        return moodle().courseProfile(user, course()).orElseThrow();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theConnectionCheckFindsNothingMissingOnASiteSetUpAsDocumented() {
        MoodleConnectionCheck.Report report = check.run(null, "test");
        assertThat(report.missing()).as(report.checks().toString()).isZero();
        assertThat(report.checks()).extracting(MoodleConnectionCheck.Check::key)
                .contains("connection", "viewEmails", "createUsers", "courseEnrol", "courseManual", "courseProfiles");
        assertThat(report.release()).startsWith("4.5");
    }

    @Test
    void anExistingPayerFoundWhateverTheCaseHasPeriodsThatAddUpAndRefundsTakeBackOnlyTheirOwn() throws Exception {
        String name = unique("ada.lovelace");
        long user = moodle().createUser(name, name.toUpperCase().replace("ADA.LOVELACE", "Ada.Lovelace") + "@Example.org",
                "Ada", "Lovelace");

        Paid first = pay(name + "@example.org");
        MoodleEnrolment granted = settled(first.orderId(), MoodleEnrolment.ENROLLED);
        assertThat(granted.moodleUserId()).isEqualTo(user);
        assertThat(granted.access()).isEqualTo(MoodleAccess.Access.NEW);
        assertThat(profile(user).hasRole(5)).isTrue();
        assertThat(profile(user).activeIn(course())).isTrue();

        Paid second = pay(name + "@example.org");
        MoodleEnrolment extended = settled(second.orderId(), MoodleEnrolment.ENROLLED);
        assertThat(extended.access()).isEqualTo(MoodleAccess.Access.EXTENDED);
        assertThat(extended.timeEnd()).isEqualTo(granted.timeStart() + 2 * YEAR);

        refundAll(second);
        assertThat(row(second.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.SHORTENED);
        assertThat(profile(user).activeIn(course())).as("still backed by the first order").isTrue();

        refundAll(first);
        assertThat(row(first.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
        assertThat(profile(user).roles()).isEmpty();
        assertThat(profile(user).activeIn(course())).isFalse();
    }

    @Test
    void aNewPayerWhoseEmailBreaksTheUsernameRuleGetsAnAccount() throws Exception {
        String email = "O'Brien+" + unique("atelier") + "@example.org";
        Paid paid = pay(email);
        MoodleEnrolment row = settled(paid.orderId(), MoodleEnrolment.ENROLLED);

        assertThat(moodle().usersByEmail(email)).singleElement()
                .satisfies(u -> assertThat(u.id()).isEqualTo(row.moodleUserId()));
        assertThat(profile(row.moodleUserId()).activeIn(course())).isTrue();
        refundAll(paid);
        assertThat(profile(row.moodleUserId()).activeIn(course())).isFalse();
    }

    @Test
    void anEnrolmentMadeByHandIsLeftAsItIsAndARefundKeepsIt() throws Exception {
        String name = unique("member");
        long user = moodle().createUser(name, name + "@example.org", "Grace", "Hopper");
        moodle().enrol(user, course(), 5, 0, 0);   // as an administrator would, with no end date

        Paid paid = pay(name + "@example.org");
        MoodleEnrolment row = settled(paid.orderId(), MoodleEnrolment.ENROLLED);
        assertThat(row.access()).isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);

        refundAll(paid);
        assertThat(row(paid.orderId()).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.NOTHING_GRANTED);
        assertThat(profile(user).activeIn(course())).isTrue();
        moodle().unenrol(user, course());
    }
}
