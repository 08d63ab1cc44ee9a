package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.offer.ConsoleOffers;
import org.passerelle.gateway.offer.Offer;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.passerelle.gateway.support.MoodleDouble;
import org.passerelle.gateway.support.Payer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

/**
 * Moodle settings per association (issue 18), end to end with two associations and two Moodle sites: the configured
 * association's ({@code passerelle.moodle.*}, the shared double) and the linked association's, set in the console by
 * its own ADMIN. A paid order enrols in its association's Moodle and never in the other's; each ADMIN sees, checks and
 * retries only its own association's Moodle.
 */
class MoodlePerAssociationIT extends GatewayTestSupport {

    /** The linked association's own Moodle site, open for the whole run like {@link #MOODLE} (the PostgreSQL variant too). */
    static final MoodleDouble LINKED_MOODLE = MoodleDouble.start();

    @Autowired
    MoodleEnrolments enrolments;
    @Autowired
    MoodleSites sites;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    ConsoleOffers offers;

    @BeforeEach
    void twoAssociations() {
        linkOtherOrganization();
        LINKED_MOODLE.clock(() -> clock.instant().getEpochSecond());
    }

    @AfterEach
    void noMoodleForTheLinkedAssociation() {
        // the shared gateway's other tests expect the linked association without a Moodle
        jdbc.sql("DELETE FROM moodle_site_courses WHERE organization_slug = :slug").param("slug", OTHER_ORGANIZATION).update();
        jdbc.sql("DELETE FROM moodle_sites WHERE organization_slug = :slug").param("slug", OTHER_ORGANIZATION).update();
        MOODLE.fullSetUp();
        LINKED_MOODLE.fullSetUp();
    }

    static String text(Browser.Page page) {
        return HtmlUtils.htmlUnescape(page.body());
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID() + "@example.org";
    }

    /** An API order of the association (null: the configured one) naming the course, paid at HelloAsso. */
    String paidOrder(String organization, long course, String email) {
        ApiKeys.CreatedKey key = apiKeys.create("moodle per association " + UUID.randomUUID(), organization, "test");
        Map<String, Object> body = ApiClient.order("moodle-assoc-" + UUID.randomUUID(), 4000);
        body.put("payer", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", email));
        body.put("metadata", Map.of("moodleCourseId", course));
        ApiClient.Response created = new ApiClient(port, key.secret()).post("/api/v1/orders", body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String orderId = created.body().get("id").asString();
        Payer payer = new Payer(URI.create("http://localhost:" + port));
        payer.browser().get(payer.payAtHelloAsso(URI.create(created.body().get("checkoutUrl").asString()), email));
        await().atMost(Duration.ofSeconds(10)).until(() -> order(orderId).status() == OrderStatus.PAID);
        return orderId;
    }

    /**
     * The association's {@code passerelle_moodle_enrolments_needing_action} series in the Prometheus scrape (the
     * common {@code application} tag first), NaN when it has none.
     */
    double needingActionSeries(String organization) throws Exception {
        String scraped = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + METRICS_TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher series = java.util.regex.Pattern.compile("(?m)^passerelle_moodle_enrolments_needing_action"
                + "\\{application=\"[^\"]*\",organization=\"" + java.util.regex.Pattern.quote(organization) + "\"} (\\S+)$")
                .matcher(scraped);
        return series.find() ? Double.parseDouble(series.group(1)) : Double.NaN;
    }

    /** The scrape shows, within the snapshot's few seconds, what the association's Moodle page counts. */
    void awaitNeedingActionSeries(String organization, String site) {
        long expected = enrolments.countNeedingAction(List.of(site));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> needingActionSeries(organization) == expected);
    }

    void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !enrolments.forOrder(orderId).isEmpty()
                && enrolments.forOrder(orderId).getFirst().status().equals(status));
    }

    /** The linked association's ADMIN sets its Moodle from the console. */
    Browser linkedAdminWithItsMoodle(Map<String, String> extra) {
        Browser console = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        Map<String, String> form = new java.util.HashMap<>(Map.of("organization", OTHER_ORGANIZATION,
                "url", LINKED_MOODLE.url(), "token", MoodleDouble.TOKEN, "roleId", "5", "createUsers", "on",
                "enrolmentDays", "30"));
        form.putAll(extra);
        Browser.Page saved = console.post("/admin/moodle/settings", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        return console;
    }

    /** A course id both Moodle sites have (the same id on each: a course is a site's). */
    private static long newCourseOnBothSites() {
        long course = 7000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        MOODLE.course(course);
        LINKED_MOODLE.course(course);
        return course;
    }

    /** A console offer of the linked association: its id. */
    private String newOfferOfTheLinkedAssociation() {
        String offerId = "moodle-assoc-offer-" + System.nanoTime();
        assertThat(offers.create(new Offer(offerId, "Stage " + offerId, "", 1500, 100, false, false, false, 1,
                Offer.Source.CONSOLE, false, 0, List.of(), OTHER_ORGANIZATION), "test")).isEqualTo(ConsoleOffers.Outcome.DONE);
        return offerId;
    }

    @Test
    void eachAssociationsPaidOrderEnrolsInItsOwnMoodleOnly() {
        long course = newCourseOnBothSites();
        String offerId = newOfferOfTheLinkedAssociation();

        // before: the association has no Moodle, its ADMIN may set one
        Browser console = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        String before = text(console.get("/admin/moodle"));
        assertThat(before).contains("data-organization=\"" + OTHER_ORGANIZATION + "\"", "id=\"moodle-site-form\"",
                "n'a pas de Moodle", "id=\"course-" + offerId + "\"").doesNotContain(MOODLE.url());
        String unpaidYet = paidOrder(OTHER_ORGANIZATION, course, email("nobody"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.forOrder(unpaidYet).stream()
                .allMatch(f -> f.status().equals("DELIVERED")));
        assertThat(enrolments.forOrder(unpaidYet)).as("no Moodle: nobody enrolled").isEmpty();

        linkedAdminWithItsMoodle(Map.of("course." + offerId, Long.toString(course)));
        String page = text(console.get("/admin/moodle"));
        assertThat(page).contains(LINKED_MOODLE.url(), "id=\"moodle-token-set\"", "id=\"test-connection\"")
                .doesNotContain(MoodleDouble.TOKEN);
        assertThat(sites.forOrganization(OTHER_ORGANIZATION)).hasValueSatisfying(site ->
                assertThat(site.courses()).containsEntry(offerId, course));
        assertThat(jdbc.sql("SELECT token FROM moodle_sites WHERE organization_slug = :slug")
                .param("slug", OTHER_ORGANIZATION).query(String.class).single()).startsWith("v1:")
                .doesNotContain(MoodleDouble.TOKEN);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'moodle.settings' AND actor = :who")
                .param("who", ASSOCIATION_ADMIN).query(Long.class).single()).isPositive();

        // the linked association's payer: in its Moodle, for its period, never in the configured one's
        String linkedEmail = email("linked");
        String linkedOrder = paidOrder(OTHER_ORGANIZATION, course, linkedEmail);
        awaitStatus(linkedOrder, MoodleEnrolment.ENROLLED);
        MoodleDouble.User linkedPayer = LINKED_MOODLE.userByEmail(linkedEmail).orElseThrow();
        assertThat(LINKED_MOODLE.enrolment(linkedPayer.id(), course)).hasValueSatisfying(e ->
                assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(30).toSeconds()));
        assertThat(MOODLE.calls()).noneMatch(c -> c.mentions(linkedEmail));
        assertThat(MOODLE.userByEmail(linkedEmail)).isEmpty();

        // and vice versa: the configured association's payer, in passerelle.moodle.* only
        String configuredEmail = email("configured");
        String configuredOrder = paidOrder(null, course, configuredEmail);
        awaitStatus(configuredOrder, MoodleEnrolment.ENROLLED);
        MoodleDouble.User configuredPayer = MOODLE.userByEmail(configuredEmail).orElseThrow();
        assertThat(MOODLE.enrolment(configuredPayer.id(), course)).hasValueSatisfying(e ->
                assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(365).toSeconds()));
        assertThat(LINKED_MOODLE.calls()).noneMatch(c -> c.mentions(configuredEmail));
        assertThat(LINKED_MOODLE.userByEmail(configuredEmail)).isEmpty();

        // its connection test calls its own Moodle
        Browser.Page checked = console.post("/admin/moodle/check", Map.of("organization", OTHER_ORGANIZATION,
                "course", Long.toString(course)));
        assertThat(checked.status()).isEqualTo(303);
        assertThat(text(console.follow(checked))).contains("id=\"report\"", LINKED_MOODLE.url(),
                "data-check=\"courseEnrol\" data-result=\"OK\"");
    }

    @Test
    void aPaidOfferOfTheLinkedAssociationEnrolsInTheCourseItsAdminMappedToIt() {
        long course = newCourseOnBothSites();
        String offerId = newOfferOfTheLinkedAssociation();

        // its ADMIN maps the offer to the course on the Moodle page
        Browser console = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        assertThat(text(console.get("/admin/moodle?organization=" + OTHER_ORGANIZATION)))
                .contains("id=\"course-" + offerId + "\"");
        linkedAdminWithItsMoodle(Map.of("course." + offerId, Long.toString(course)));
        assertThat(text(console.get("/admin/moodle?organization=" + OTHER_ORGANIZATION)))
                .contains("value=\"" + course + "\"");

        // a payer buys the offer on the association's pages and pays
        String email = email("offer");
        Browser payer = browser();
        Placed placed = placeOrderAt(payer, "/o/" + OTHER_ORGANIZATION + "/offers/" + offerId, "email", email);
        payer.get(payOnHelloAsso(payer, goToHelloAsso(payer, placed), "4242424242424242").next());
        await().atMost(Duration.ofSeconds(10)).until(() -> order(placed.orderId()).status() == OrderStatus.PAID);
        assertThat(order(placed.orderId()).payer().email()).isEqualTo(email);

        // enrolled in the mapped course of the association's own Moodle, never in the configured one's
        awaitStatus(placed.orderId(), MoodleEnrolment.ENROLLED);
        assertThat(enrolments.forOrder(placed.orderId())).singleElement().satisfies(row -> {
            assertThat(row.courseId()).isEqualTo(course);
            assertThat(row.moodleSite()).isEqualTo(OTHER_ORGANIZATION);
        });
        MoodleDouble.User enrolled = LINKED_MOODLE.userByEmail(email).orElseThrow();
        assertThat(LINKED_MOODLE.enrolment(enrolled.id(), course)).hasValueSatisfying(e ->
                assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(30).toSeconds()));
        assertThat(MOODLE.calls()).noneMatch(c -> c.mentions(email));
        assertThat(MOODLE.userByEmail(email)).isEmpty();
    }

    @Test
    void anUnlinkedAssociationsEnrolmentsNeedingActionAreStillRetriedAndSettledOnTheMoodlePage() {
        linkedAdminWithItsMoodle(Map.of());
        long course = 7000 + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
        // a course its Moodle does not have (yet): both enrolments stop for an administrator
        String toRetry = paidOrder(OTHER_ORGANIZATION, course, email("retried"));
        String toSettle = paidOrder(OTHER_ORGANIZATION, course, email("settled"));
        awaitStatus(toRetry, MoodleEnrolment.NEEDS_ADMIN);
        awaitStatus(toSettle, MoodleEnrolment.NEEDS_ADMIN);
        long retried = enrolments.forOrder(toRetry).getFirst().id();
        long settled = enrolments.forOrder(toSettle).getFirst().id();

        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(superAdmin.post("/admin/organizations/" + OTHER_ORGANIZATION + "/unlink", Browser.form()).status())
                .isEqualTo(303);
        try {
            // still picked on the Moodle page, marked unlinked, its settings read only
            assertThat(text(superAdmin.get("/admin/moodle"))).contains("data-organization=\"" + OTHER_ORGANIZATION
                    + "\"", "(déliée)");
            String page = text(superAdmin.get("/admin/moodle?organization=" + OTHER_ORGANIZATION));
            assertThat(page).contains("id=\"moodle-unlinked\"", LINKED_MOODLE.url(),
                    "data-enrolment=\"" + retried + "\"", "data-enrolment=\"" + settled + "\"",
                    "/admin/moodle/enrolments/" + retried + "/retry", "/admin/moodle/enrolments/" + settled + "/handled")
                    .doesNotContain("id=\"moodle-site-form\"", MoodleDouble.TOKEN);
            assertThat(superAdmin.post("/admin/moodle/settings", Map.of("organization", OTHER_ORGANIZATION, "url", ""))
                    .status()).isEqualTo(403);
            assertThat(sites.settingsOf(OTHER_ORGANIZATION)).isPresent();
            // its connection is still tested against its own Moodle
            Browser.Page checked = superAdmin.post("/admin/moodle/check", Map.of("organization", OTHER_ORGANIZATION));
            assertThat(checked.status()).isEqualTo(303);
            assertThat(text(superAdmin.follow(checked))).contains("id=\"report\"", LINKED_MOODLE.url());

            // a viewer sees them, acts on none
            Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
            assertThat(viewer.get("/admin/moodle?organization=" + OTHER_ORGANIZATION).body())
                    .contains("data-enrolment=\"" + retried + "\"").doesNotContain("/enrolments/" + retried + "/retry");
            assertThat(viewer.post("/admin/moodle/enrolments/" + retried + "/retry", Map.of()).status()).isEqualTo(403);

            // its own ADMIN retries one once the course exists: enrolled in its Moodle
            Browser linkedAdmin = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
            assertThat(text(linkedAdmin.get("/admin/moodle"))).contains("id=\"moodle-unlinked\"",
                    "data-enrolment=\"" + retried + "\"");
            LINKED_MOODLE.course(course);
            Browser.Page retry = linkedAdmin.post("/admin/moodle/enrolments/" + retried + "/retry", Map.of());
            assertThat(retry.status()).isEqualTo(303);
            assertThat(linkedAdmin.follow(retry).status()).isEqualTo(200);
            awaitStatus(toRetry, MoodleEnrolment.ENROLLED);
            assertThat(MOODLE.enrolments(course)).isEmpty();
            assertThat(LINKED_MOODLE.enrolments(course)).hasSize(1);
            // the super-admin settles the other by hand
            Browser.Page handled = superAdmin.post("/admin/moodle/enrolments/" + settled + "/handled", Map.of());
            assertThat(handled.status()).isEqualTo(303);
            assertThat(superAdmin.follow(handled).status()).isEqualTo(200);
            assertThat(enrolments.find(settled).orElseThrow().status()).isEqualTo(MoodleEnrolment.HANDLED);
            assertThat(superAdmin.get("/admin/moodle?organization=" + OTHER_ORGANIZATION).body())
                    .doesNotContain("data-enrolment=\"" + retried + "\"", "data-enrolment=\"" + settled + "\"");
        } finally {
            linkOtherOrganization();   // the other classes' association
        }
    }

    @Test
    void wrongSettingsAreShownOnTheFormAndNothingIsSaved() {
        Browser console = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        Browser.Page refused = console.post("/admin/moodle/settings", Map.of("organization", OTHER_ORGANIZATION,
                "url", "https://moodle.example.org/", "token", "", "roleId", "zero", "enrolmentDays", "-3"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused)).contains("id=\"moodle-site-form\"", "sans / final", "Le jeton est requis",
                "identifiant d'un rôle Moodle", "nombre de jours", "value=\"https://moodle.example.org/\"");
        assertThat(sites.settingsOf(OTHER_ORGANIZATION)).isEmpty();
    }

    @Test
    void anAdminOfOneAssociationNeverSeesNorTouchesTheOthersMoodle() throws Exception {
        String configuredSlug = emulator().organizationSlug();
        linkedAdminWithItsMoodle(Map.of());
        // a configured association's enrolment stopped for an administrator, and one of the linked association's
        String refusedHere = paidOrder(null, 4242, "zoé-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
        String refusedThere = paidOrder(OTHER_ORGANIZATION, 4242, "léa-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.org");
        awaitStatus(refusedHere, MoodleEnrolment.NEEDS_ADMIN);
        awaitStatus(refusedThere, MoodleEnrolment.NEEDS_ADMIN);
        long configuredRow = enrolments.forOrder(refusedHere).getFirst().id();
        long linkedRow = enrolments.forOrder(refusedThere).getFirst().id();
        // the metric for alerts tells the two associations apart (the configured one by its slug)
        long linkedNeedingAction = enrolments.countNeedingAction(List.of(OTHER_ORGANIZATION));
        assertThat(linkedNeedingAction).isPositive();
        assertThat(enrolments.countNeedingAction(List.of(MoodleSites.CONFIGURED))).isPositive();
        awaitNeedingActionSeries(OTHER_ORGANIZATION, OTHER_ORGANIZATION);
        awaitNeedingActionSeries(configuredSlug, MoodleSites.CONFIGURED);

        Browser linked = admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD);
        assertThat(linked.get("/admin/moodle").body()).contains("data-enrolment=\"" + linkedRow + "\"")
                .doesNotContain("data-enrolment=\"" + configuredRow + "\"").doesNotContain(MOODLE.url());
        assertThat(linked.get("/admin").body()).contains("id=\"moodle-card\"", "data-enrolment=\"" + linkedRow + "\"")
                .doesNotContain("data-enrolment=\"" + configuredRow + "\"");
        assertThat(linked.get("/admin/moodle?organization=" + configuredSlug).status()).isEqualTo(404);
        assertThat(linked.post("/admin/moodle/check", Map.of("organization", configuredSlug)).status()).isEqualTo(404);
        assertThat(linked.post("/admin/moodle/settings", Map.of("organization", configuredSlug, "url", "")).status())
                .isEqualTo(404);
        assertThat(linked.post("/admin/moodle/enrolments/" + configuredRow + "/retry", Map.of()).status()).isEqualTo(404);
        assertThat(linked.post("/admin/moodle/enrolments/" + configuredRow + "/handled", Map.of()).status()).isEqualTo(404);
        assertThat(enrolments.find(configuredRow).orElseThrow().status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        // its own: settled by hand from its page
        Browser.Page handled = linked.post("/admin/moodle/enrolments/" + linkedRow + "/handled", Map.of());
        assertThat(handled.status()).isEqualTo(303);
        assertThat(enrolments.find(linkedRow).orElseThrow().status()).isEqualTo(MoodleEnrolment.HANDLED);
        awaitNeedingActionSeries(OTHER_ORGANIZATION, OTHER_ORGANIZATION);
        assertThat(needingActionSeries(OTHER_ORGANIZATION)).isEqualTo(linkedNeedingAction - 1);
        assertThat(needingActionSeries(configuredSlug)).isPositive();

        // the super-admin sees both, the configured association's settings read only
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(superAdmin.get("/admin/moodle").body()).contains(MOODLE.url(), "data-enrolment=\"" + configuredRow + "\"")
                .doesNotContain("id=\"moodle-site-form\"");
        assertThat(superAdmin.get("/admin/moodle?organization=" + OTHER_ORGANIZATION).body())
                .contains(LINKED_MOODLE.url(), "id=\"moodle-site-form\"").doesNotContain(MoodleDouble.TOKEN);
        assertThat(superAdmin.post("/admin/moodle/settings", Map.of("organization", configuredSlug, "url", "")).status())
                .as("passerelle.moodle.* is changed in the configuration").isEqualTo(403);
        // a viewer of every association sees, changes nothing
        Browser viewer = admin(VIEWER, VIEWER_PASSWORD);
        assertThat(viewer.get("/admin/moodle?organization=" + OTHER_ORGANIZATION).body()).contains(LINKED_MOODLE.url())
                .doesNotContain("id=\"moodle-site-form\"");
        assertThat(viewer.post("/admin/moodle/settings", Map.of("organization", OTHER_ORGANIZATION, "url", "")).status())
                .isEqualTo(403);
        assertThat(sites.settingsOf(OTHER_ORGANIZATION)).isPresent();
    }
}
