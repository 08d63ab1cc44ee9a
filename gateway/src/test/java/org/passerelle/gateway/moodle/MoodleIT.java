package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.fulfilment.FulfilmentEvent;
import org.passerelle.gateway.order.EventType;
import org.passerelle.gateway.payment.PaymentVerifier;
import org.passerelle.gateway.payment.VerificationSource;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MoodleDouble;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * Paid orders enrol their payer in Moodle through its web services (the double follows what a real Moodle 4.5
 * answered), end to end: API order, payment on the emulator, verification, outbox, Moodle queue; and what the console
 * shows and lets an administrator do about it.
 */
class MoodleIT extends GatewayTestSupport {

    @Autowired
    MoodleEnrolments enrolments;
    @Autowired
    MoodleEnroller enroller;
    @Autowired
    MoodleChannel channel;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    PaymentVerifier verifier;

    @AfterEach
    void restoreTheSetUp() {
        MOODLE.fullSetUp();
    }

    static long course() {
        long id = 1000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        MOODLE.course(id);
        return id;
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID() + "@example.org";
    }

    /** An API order naming the course in its metadata, paid on the emulator and verified. */
    String paidOrder(long courseId, String email) {
        ApiClient api = new ApiClient(port, apiKeys.create("moodle " + UUID.randomUUID(), "test").secret());
        Map<String, Object> body = ApiClient.order("moodle-" + UUID.randomUUID(), 9000);
        body.put("payer", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("moodleCourseId", courseId);
        body.put("metadata", metadata);
        JsonNode created = api.post("/api/v1/orders", body).body();
        String orderId = created.get("id").asString();
        assertThat(browser().get(URI.create(created.get("checkoutUrl").asString())).status()).isEqualTo(303);
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        return orderId;
    }

    /** The page as a reader sees it (HTML entities decoded). */
    static String text(Browser.Page page) {
        return HtmlUtils.htmlUnescape(page.body());
    }

    MoodleEnrolment enrolment(String orderId) {
        return enrolments.forOrder(orderId).getFirst();
    }

    void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && enrolment(orderId).status().equals(status));
    }

    void awaitProblem(String orderId, MoodleProblem problem) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && enrolment(orderId).problem() == problem);
    }

    @Test
    void aPaidOrderEnrolsItsPayerFoundWhateverTheLetterCaseOnceInThreeCalls() throws Exception {
        long course = course();
        String email = email("ada");
        MoodleDouble.User ada = MOODLE.user(email.toUpperCase().replace("@EXAMPLE.ORG", "@Example.org"), "Ada", "Lovelace");

        String orderId = paidOrder(course, email);
        awaitStatus(orderId, MoodleEnrolment.ENROLLED);

        MoodleEnrolment row = enrolment(orderId);
        assertThat(row.moodleUserId()).isEqualTo(ada.id());
        assertThat(row.access()).isEqualTo(MoodleAccess.Access.NEW);
        long paidAt = order(orderId).paidAt().toEpochSecond();
        assertThat(MOODLE.enrolment(ada.id(), course)).hasValueSatisfying(e -> {
            assertThat(e.roles()).containsExactly(MoodleDouble.STUDENT);
            assertThat(e.timeStart()).as("floored as Moodle's own form does").isEqualTo(MoodleAccess.start(paidAt))
                    .isBetween(paidAt - 100, paidAt - 1);
            assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(365).toSeconds());
        });
        assertThat(events(orderId)).anySatisfy(e -> assertThat(e.action()).isEqualTo("moodle.enrolled"));

        // the outbox row delivered again (a crash before it was marked): nothing more in Moodle
        long outboxId = outbox.forOrder(orderId).getFirst().id();
        channel.deliver(new FulfilmentEvent(outboxId, EventType.ORDER_PAID, "", 2, order(orderId)));
        enroller.sweep();
        assertThat(enroller.retry(row.id(), "admin")).isFalse();
        // a wrongly queued attempt would show within half a second
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> enrolments.forOrder(orderId).size() == 1);
        // headline figure: an existing payer costs three Moodle calls (lookup, course profile, enrolment)
        List<MoodleDouble.Call> calls = MOODLE.calls().stream()
                .filter(c -> c.mentions(email) || (c.mentions(ada.id()) && c.mentions(course))).toList();
        assertThat(calls).extracting(MoodleDouble.Call::function).containsExactly(MoodleClient.FIND_USERS,
                MoodleClient.COURSE_PROFILES, MoodleClient.ENROL);
    }

    @Test
    void aNewPayerGetsAnAccountWhoseUsernamePassesMoodlesRule() {
        long course = course();
        String email = "Ada+Atelier'" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";

        String orderId = paidOrder(course, email);
        awaitStatus(orderId, MoodleEnrolment.ENROLLED);

        MoodleDouble.User created = MOODLE.userByEmail(email).orElseThrow();
        assertThat(created.username()).matches("[-.@_a-z0-9]+");
        assertThat(created.firstName()).isEqualTo("Ada");
        assertThat(created.lastName()).isEqualTo("Lovelace");
        assertThat(MOODLE.enrolments(course)).extracting(MoodleDouble.Enrolment::userId).containsExactly(created.id());
        assertThat(events(orderId)).anySatisfy(e -> assertThat(e.action()).isEqualTo("moodle.account_created"));
    }

    @Test
    void ordersWithoutACourseAreNotSentToMoodle() {
        ApiClient api = new ApiClient(port, CONFIGURED_API_KEY);
        JsonNode created = api.post("/api/v1/orders", ApiClient.order("no-course-" + UUID.randomUUID(), 1500)).body();
        String orderId = created.get("id").asString();
        browser().get(URI.create(created.get("checkoutUrl").asString()));
        long intent = order(orderId).checkoutIntentId();
        emulator().control().pay(intent);
        verifier.verify(orderId, intent, VerificationSource.POLLER, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.forOrder(orderId).getFirst().status().equals("DELIVERED"));
        assertThat(enrolments.forOrder(orderId)).isEmpty();
        assertThat(channel.courseFor(order(orderId))).isNull();
        assertThat(MOODLE.calls()).noneMatch(c -> c.mentions(order(orderId).payer().email()));
    }

    @Test
    void theOrderPageSaysWhatToFixInPlainWordsAndAnAdministratorRetriesOnceFixed() {
        long course = course();
        String email = email("console");
        MOODLE.user(email, "Ada", "Lovelace");
        MOODLE.mayAssign(MoodleDouble.TEACHER);   // "Allow role assignments" forgotten for student

        String orderId = paidOrder(course, email);
        awaitProblem(orderId, MoodleProblem.ROLE_ASSIGN);
        MoodleEnrolment row = enrolment(orderId);
        assertThat(row.status()).isEqualTo(MoodleEnrolment.PENDING);

        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        String page = text(viewer.get("/admin/orders/" + orderId));
        assertThat(page).contains("id=\"moodle-enrolments\"", "data-enrolment=\"" + row.id() + "\"", email,
                "Le rôle du jeton ne peut pas donner le rôle 5 dans le cours " + course,
                "Autoriser l'attribution des rôles", "wsusercannotassign")
                .doesNotContain("class=\"moodle-retry\"");
        assertThat(text(viewer.get("/admin/orders/" + orderId + "?lang=en")))
                .contains("The token's role may not give role 5 in course " + course, "Allow role assignments");
        assertThat(viewer.get("/admin").body()).contains("id=\"moodle-needing-action\"",
                "data-enrolment=\"" + row.id() + "\"");
        assertThat(viewer.get("/admin/moodle").body()).contains("data-enrolment=\"" + row.id() + "\"")
                .doesNotContain("id=\"test-connection\"");
        assertThat(viewer.post("/admin/moodle/enrolments/" + row.id() + "/retry", Map.of()).status()).isEqualTo(403);

        MOODLE.fullSetUp();
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(admin.get("/admin/orders/" + orderId).body()).contains("class=\"moodle-retry\"");
        Browser.Page retried = admin.post("/admin/moodle/enrolments/" + row.id() + "/retry", Map.of("order", orderId));
        assertThat(retried.status()).isEqualTo(303);
        assertThat(retried.location()).contains("/admin/orders/" + orderId);
        assertThat(text(admin.follow(retried))).contains("L'inscription Moodle est retentée maintenant.");
        awaitStatus(orderId, MoodleEnrolment.ENROLLED);
        assertThat(events(orderId)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("moodle.retry");
            assertThat(e.actor()).isEqualTo(ADMIN);
        });
        assertThat(admin.get("/admin/orders/" + orderId).body()).contains("Inscrit du ");
    }

    @Test
    void aPayerMoodleRefusesForeverStopsAtOnceAndIsListedForAnAdministrator() throws Exception {
        long course = course();
        String email = "zoé-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String orderId = paidOrder(course, email);
        awaitStatus(orderId, MoodleEnrolment.NEEDS_ADMIN);
        assertThat(enrolment(orderId).problem()).isEqualTo(MoodleProblem.EMAIL_REFUSED);
        assertThat(enrolment(orderId).attempts()).isEqualTo(1);

        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(text(admin.get("/admin/moodle"))).contains("data-enrolment=\"" + enrolment(orderId).id() + "\"",
                "Moodle n'accepte aucun compte avec l'adresse " + email);
        String orderPage = admin.get("/admin/orders/" + orderId).body();
        assertThat(orderPage).contains("Attend un administrateur", "class=\"moodle-handled link\"")
                .doesNotContain("class=\"moodle-retry\"");   // retrying cannot change the e-mail
        // the gauge for alerts (read at most every 5 seconds)
        await().atMost(Duration.ofSeconds(10)).until(() -> java.util.regex.Pattern
                .compile("(?m)^passerelle_moodle_enrolments_needing_action\\{[^}]*} [1-9]").matcher(scrape()).find());
    }

    @Test
    void anAdministratorMarksAStoppedEnrolmentSettledByHand() {
        String email = "line\u00e9-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String orderId = paidOrder(course(), email);
        awaitStatus(orderId, MoodleEnrolment.NEEDS_ADMIN);
        long id = enrolment(orderId).id();

        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        assertThat(viewer.post("/admin/moodle/enrolments/" + id + "/handled", Map.of()).status()).isEqualTo(403);
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page done = admin.post("/admin/moodle/enrolments/" + id + "/handled", Map.of("order", orderId));
        assertThat(done.status()).isEqualTo(303);
        assertThat(text(admin.follow(done))).contains("réglée à la main", "Réglée à la main par un administrateur");
        assertThat(enrolment(orderId).status()).isEqualTo(MoodleEnrolment.HANDLED);
        assertThat(admin.get("/admin/moodle").body()).doesNotContain("data-enrolment=\"" + id + "\"");
        assertThat(events(orderId)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("moodle.handled");
            assertThat(e.actor()).isEqualTo(ADMIN);
        });
    }

    String scrape() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theConsoleTestsTheConnectionAndNamesWhatIsMissing() {
        Browser admin = admin(ADMIN, ADMIN_PASSWORD);
        String page = admin.get("/admin/moodle").body();
        assertThat(page).contains("id=\"test-connection\"", MoodleClient.COURSE_PROFILES, MOODLE.url());

        Browser.Page checked = admin.post("/admin/moodle/check", Map.of("course", Long.toString(course())));
        assertThat(checked.status()).isEqualTo(303);
        String report = text(admin.follow(checked));
        assertThat(report).contains("id=\"report\"", "rien de ce qui peut être vérifié ne manque",
                "data-check=\"courseEnrol\" data-result=\"OK\"", "data-check=\"roleAssign\" data-result=\"NOT_CHECKED\"");

        MOODLE.without("enrol/manual:enrol");
        String missing = text(admin.follow(admin.post("/admin/moodle/check?lang=en",
                Map.of("course", Long.toString(course())))));
        assertThat(missing).contains("data-check=\"courseEnrolCapability\" data-result=\"MISSING\"",
                "the token's role lacks enrol/manual:enrol");
    }
}
