package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.organization.Organizations;
import org.passerelle.gateway.secret.SecretBox;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.web.AddressLimits;
import org.passerelle.gateway.web.LimitProperties;
import org.passerelle.gateway.config.PasserelleProperties;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.refund.RefundProperties;
import org.passerelle.gateway.support.MoodleDouble;
import org.passerelle.gateway.support.MutableClock;
import org.passerelle.gateway.work.WorkQueues;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Moodle channel's decisions, attempt by attempt, against the Moodle double (which follows what a real Moodle
 * 4.5 answered): finding and creating the payer, respecting the access they already have, commit-then-error, and
 * what a refund takes back. No Spring: the moodle package over a fresh database (H2, and PostgreSQL when
 * configured), attempts run one at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MoodleEnrollerContract {

    static final long YEAR = Duration.ofDays(365).toSeconds();
    static final byte[] KEY = new byte[32];

    HikariDataSource database;
    JdbcClient jdbc;
    TransactionTemplate transaction;

    abstract HikariDataSource createDatabase();

    abstract void dropDatabase();

    final MutableClock clock = new MutableClock();
    MoodleDouble moodle;
    MoodleProperties settings;
    WorkQueues queues;
    MoodleEnrolments rows;
    MoodleSites sites;
    MoodleEnroller enroller;
    MoodleConnectionCheck check;

    @AfterAll
    void close() {
        if (database != null) {
            dropDatabase();
            database.close();
        }
    }

    @BeforeEach
    void start() {
        if (database == null) {
            database = createDatabase();
            jdbc = JdbcClient.create(database);
            transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
        }
        moodle = MoodleDouble.start().clock(() -> clock.instant().getEpochSecond());
        configure(Map.of());
    }

    @AfterEach
    void stop() {
        queues.destroy();
        moodle.close();
    }

    /** The channel as configured by {@code passerelle.moodle.*} (on top of: create-users, 365 days, unenrol on refund). */
    void configure(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("passerelle.moodle.url", moodle.url(),
                "passerelle.moodle.token", MoodleDouble.TOKEN, "passerelle.moodle.create-users", "true",
                "passerelle.moodle.enrolment-period", "365d", "passerelle.moodle.request-timeout", "2s",
                "passerelle.refunds.moodle-unenrol", "true"));
        values.putAll(overrides);
        Binder binder = new Binder(new MapConfigurationPropertySource(values));
        settings = binder.bindOrCreate("passerelle.moodle", MoodleProperties.class);
        RefundProperties refunds = binder.bindOrCreate("passerelle.refunds", RefundProperties.class);
        LimitProperties limits = binder.bindOrCreate("passerelle.limits", LimitProperties.class);
        AuditLog audit = new AuditLog(jdbc, new UtcClock(clock), binder.bindOrCreate("passerelle", PasserelleProperties.class),
                new AddressLimits(clock, limits), limits);
        if (queues != null) {
            queues.destroy();
        }
        queues = new WorkQueues(jdbc, transaction, new UtcClock(clock), new SimpleMeterRegistry());
        UtcClock utc = new UtcClock(clock);
        SecretBox box = new SecretBox(KEY, List.of());
        sites = new MoodleSites(jdbc, box, settings, new HelloAssoSettings("org", true, null),
                new Organizations(jdbc, box, utc), audit, utc);
        rows = new MoodleEnrolments(jdbc, audit, settings, queues, utc);
        enroller = new MoodleEnroller(sites, rows, new OrderRepository(jdbc, event -> { }), audit, utc);
        check = new MoodleConnectionCheck(sites, settings, refunds, audit, utc);
    }

    static long newCourse() {
        return ThreadLocalRandom.current().nextLong(10_000, 1_000_000_000);
    }

    long course() {
        long id = newCourse();
        moodle.course(id);
        return id;
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    /** A paid order of this payer for this course, recorded as the outbox's Moodle channel records it: its row id. */
    long paid(String email, long course) {
        return paid(email, course, MoodleSites.CONFIGURED, settings.roleId(), settings.enrolmentPeriod());
    }

    /** The same, in a site ({@link MoodleSites#CONFIGURED} or a linked association's slug). */
    long paid(String email, long course, String site, long roleId, Duration period) {
        String orderId = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        jdbc.sql("""
                INSERT INTO orders (id, status, item_name, amount, initial_amount, payer_first_name, payer_last_name,
                    payer_email, metadata, organization_slug, access_token_hash, created_at, updated_at, paid_at)
                VALUES (:id, 'PAID', 'Atelier', 9000, 9000, 'Ada', 'Lovelace', :email, :metadata, 'org', 'hash',
                    :at, :at, :at)
                """).param("id", orderId).param("email", email).param("metadata", "{\"moodleCourseId\":" + course + "}")
                .param("at", at).update();
        long fulfilment = jdbc.sql("""
                INSERT INTO fulfilments (order_id, event, event_key, status, attempts, next_attempt_at, created_at)
                VALUES (:id, 'order.paid', '', 'DELIVERED', 1, :at, :at)
                """).param("id", orderId).param("at", at).update() == 1
                ? jdbc.sql("SELECT id FROM fulfilments WHERE order_id = :id").param("id", orderId).query(Long.class).single()
                : 0;
        assertThat(rows.insert(fulfilment, orderId, site, course, email, roleId, period, null)).isTrue();
        return rows.forOrder(orderId).getFirst().id();
    }

    MoodleEnrolment row(long id) {
        return rows.find(id).orElseThrow();
    }

    /** Runs the row's next attempt now (moving the clock to it if it waits). */
    boolean attempt(long id) {
        MoodleEnrolment row = row(id);
        long wait = row.nextAttemptAt().toEpochSecond() - now();
        if (wait > 0) {
            clock.advance(Duration.ofSeconds(wait + 1));
        }
        return enroller.attempt(id);
    }

    long enrolled(String email, long course) {
        long id = paid(email, course);
        assertThat(attempt(id)).isTrue();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.ENROLLED);
        return id;
    }

    void refund(long rowId) {
        assertThat(rows.requestTakeBack(row(rowId).orderId())).isEqualTo(1);
        attempt(rowId);
    }

    // ---- finding the payer

    @Test
    void findsTheAccountWhateverTheLetterCaseAndEnrolsItWithTheRoleForThePaidPeriod() {
        long course = course();
        String email = email("ada.lovelace");
        MoodleDouble.User ada = moodle.user(email.toUpperCase().replace("@EXAMPLE.ORG", "@Example.org"), "Ada", "Lovelace");

        long id = enrolled(email, course);

        MoodleEnrolment row = row(id);
        assertThat(row.moodleUserId()).isEqualTo(ada.id());
        assertThat(row.access()).isEqualTo(MoodleAccess.Access.NEW);
        long paidAt = row.timeStart();
        assertThat(paidAt % 100).as("floored to 100 s, minus one, as Moodle's own form does").isEqualTo(99);
        assertThat(moodle.enrolment(ada.id(), course)).hasValueSatisfying(e -> {
            assertThat(e.roles()).containsExactly(MoodleDouble.STUDENT);
            assertThat(e.timeStart()).isEqualTo(paidAt);
            assertThat(e.timeEnd()).isEqualTo(paidAt + YEAR);
        });
        assertThat(moodle.active(ada.id(), course)).isTrue();
        // an existing payer costs three calls: lookup, course profile, enrolment
        assertThat(moodle.calls()).extracting(MoodleDouble.Call::function).containsExactly(
                MoodleClient.FIND_USERS, MoodleClient.COURSE_PROFILES, MoodleClient.ENROL);
    }

    @Test
    void aLookupThatFindsSeveralAccountsStopsAndNamesThem() {
        long course = course();
        String email = email("twin");
        moodle.allowAccountsSameEmail(true);
        MoodleDouble.User one = moodle.user(email, "Ada", "One");
        MoodleDouble.User two = moodle.user(email.toUpperCase(), "Ada", "Two");
        long id = paid(email, course);

        assertThat(attempt(id)).isFalse();

        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.SEVERAL_ACCOUNTS);
        assertThat(row(id).problemDetail()).contains(Long.toString(one.id()), Long.toString(two.id()));
        assertThat(moodle.calls(MoodleClient.ENROL)).isZero();
    }

    @Test
    void anAccountTheTokenCannotSeeIsToldAsSuchNeverAsNoAccount() {
        long course = course();
        String email = email("hidden");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");

        moodle.emailInUserIdentity(false);
        long id = paid(email, course);
        assertThat(attempt(id)).isFalse();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.PENDING);
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.EMAILS_INVISIBLE);
        assertThat(moodle.calls(MoodleClient.CREATE_USERS)).as("no duplicate account is attempted").isZero();

        moodle.emailInUserIdentity(true).without("moodle/user:viewdetails");
        assertThat(attempt(id)).isFalse();
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.USERS_INVISIBLE);

        moodle.fullSetUp();   // fixing the set-up is enough: the next attempt goes through
        assertThat(attempt(id)).isTrue();
        assertThat(row(id).moodleUserId()).isEqualTo(user.id());
        assertThat(moodle.usersWithEmail(email)).hasSize(1);
    }

    @Test
    void withoutAccountCreationAMissingAccountIsRetriedWithThePlainReason() {
        configure(Map.of("passerelle.moodle.create-users", "false"));
        long course = course();
        String email = email("newcomer");
        long id = paid(email, course);

        assertThat(attempt(id)).isFalse();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.PENDING);
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.NO_ACCOUNT);

        MoodleDouble.User signedUp = moodle.user(email, "Ada", "Lovelace");
        assertThat(attempt(id)).isTrue();
        assertThat(row(id).moodleUserId()).isEqualTo(signedUp.id());
    }

    // ---- creating the payer

    @Test
    void aNewPayerGetsAnAccountWhoseUsernamePassesMoodlesRule() {
        long course = course();
        String email = "O'Brien+Atelier-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.org";
        long id = enrolled(email, course);

        MoodleDouble.User created = moodle.userByEmail(email).orElseThrow();
        assertThat(created.email()).isEqualTo(email);
        assertThat(created.username()).matches("[-.@_a-z0-9]+").startsWith("o-brien-atelier-");
        assertThat(created.firstName()).isEqualTo("Ada");
        assertThat(moodle.passwordsMailed()).containsExactly(email);
        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.NEW);
        assertThat(moodle.roles(created.id(), course)).containsExactly(MoodleDouble.STUDENT);
        // a new payer costs four calls, and no profile lookup: the account has no role anywhere
        assertThat(moodle.calls()).extracting(MoodleDouble.Call::function).containsExactly(MoodleClient.FIND_USERS,
                MoodleClient.FIND_USERS, MoodleClient.CREATE_USERS, MoodleClient.ENROL);
    }

    @Test
    void aUsernameAlreadyTakenGetsTheSecondUsernameOnce() {
        long course = course();
        String email = email("taken");
        MoodleDouble.User other = moodle.userNamed(MoodleUsernames.first(email), "someone.else@example.org", "Some", "One");

        enrolled(email, course);

        MoodleDouble.User created = moodle.userByEmail(email).orElseThrow();
        assertThat(created.id()).isNotEqualTo(other.id());
        assertThat(created.username()).isEqualTo(MoodleUsernames.second(email)).matches("[-.@_a-z0-9]+");
        assertThat(moodle.calls(MoodleClient.CREATE_USERS)).isEqualTo(2);
    }

    @Test
    void refusalsThatCanNeverSucceedStopAtOnceAsNeedsAdmin() {
        long course = course();
        // Moodle takes no e-mail with an accent: no account can ever be made or found with it
        long accented = paid("josé-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org", course);
        assertThat(attempt(accented)).isFalse();
        assertThat(row(accented).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(row(accented).problem()).isEqualTo(MoodleProblem.EMAIL_REFUSED);
        assertThat(row(accented).attempts()).isEqualTo(1);

        // an account the token cannot see holds the e-mail: Moodle refuses a second one, without saying why
        String email = email("invisible");
        moodle.hide(moodle.user(email, "Ada", "Lovelace").id());
        long hidden = paid(email, course);
        assertThat(attempt(hidden)).isFalse();
        assertThat(row(hidden).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(row(hidden).problem()).isEqualTo(MoodleProblem.CREATE_REFUSED);
        assertThat(moodle.calls(MoodleClient.CREATE_USERS)).as("two usernames, then stop").isEqualTo(2);
        assertThat(moodle.usersWithEmail(email)).hasSize(1);
        clock.advance(Duration.ofDays(3));
        assertThat(enroller.attempt(hidden)).as("no retry on the schedule").isFalse();

        // in debug mode Moodle says why: the account exists
        moodle.debugMode(true);
        String other = email("invisible");
        moodle.hide(moodle.user(other, "Ada", "Lovelace").id());
        long told = paid(other, course);
        assertThat(attempt(told)).isFalse();
        assertThat(row(told).problem()).isEqualTo(MoodleProblem.ACCOUNT_HIDDEN);
        assertThat(moodle.calls(MoodleClient.CREATE_USERS)).isEqualTo(3);
    }

    @Test
    void anEnrolmentSettledByHandLeavesTheListAndARefundLeavesItToTheAdministrator() {
        long id = paid(email("by-hand"), newCourse());   // unknown course: stops at once
        assertThat(attempt(id)).isFalse();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(rows.needingAction(1000)).extracting(MoodleEnrolment::id).contains(id);

        assertThat(rows.handled(id, "admin")).isTrue();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.HANDLED);
        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.BY_HAND);
        assertThat(rows.needingAction(1000)).extracting(MoodleEnrolment::id).doesNotContain(id);
        assertThat(rows.handled(id, "admin")).as("once").isFalse();
        assertThat(rows.retry(id, "admin")).as("settled: not retried").isFalse();
        long calls = moodle.calls().size();

        refund(id);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.BY_HAND);
        assertThat(moodle.calls()).hasSize((int) calls);
    }

    // ---- respecting existing access

    @Test
    void anUnlimitedEnrolmentMadeByHandIsLeftExactlyAsItIs() {
        long course = course();
        String email = email("member");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.enrolByHand(user.id(), course, MoodleDouble.STUDENT, 0, 0);

        long id = enrolled(email, course);

        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);
        assertThat(moodle.enrolment(user.id(), course)).hasValueSatisfying(e -> {
            assertThat(e.timeStart()).isZero();
            assertThat(e.timeEnd()).as("payment never shortens access").isZero();
        });
        assertThat(moodle.calls(MoodleClient.ENROL)).isZero();
        assertThat(moodle.welcomeMessages(user.id(), course)).isZero();
    }

    @Test
    void aTeacherWhoPaysIsNeverMadeAStudent() {
        long course = course();
        String email = email("teacher");
        MoodleDouble.User teacher = moodle.user(email, "Ada", "Lovelace");
        moodle.enrolByHand(teacher.id(), course, MoodleDouble.TEACHER, 0, 0);

        long id = enrolled(email, course);

        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.KEPT_OTHER_ROLE);
        assertThat(row(id).otherRoles()).isEqualTo("editingteacher");
        assertThat(moodle.roles(teacher.id(), course)).containsExactly(MoodleDouble.TEACHER);

        refund(id);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.NOTHING_GRANTED);
        assertThat(moodle.roles(teacher.id(), course)).as("a teacher keeps teaching").containsExactly(MoodleDouble.TEACHER);
        assertThat(moodle.calls(MoodleClient.UNENROL)).isZero();
    }

    @Test
    void anActiveSelfEnrolmentIsKeptAndARefundLeavesIt() {
        long course = course();
        String email = email("self");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.enrolBySelf(user.id(), course, now() - 100, now() + 1000);

        long id = enrolled(email, course);
        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);

        refund(id);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.NOTHING_GRANTED);
        assertThat(moodle.active(user.id(), course)).isTrue();
    }

    @Test
    void anEndedEnrolmentIsOpenedAgainAndARefundEndsItAgainWithoutRemovingIt() {
        long course = course();
        String email = email("returning");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.enrolByHand(user.id(), course, MoodleDouble.STUDENT, now() - 3 * YEAR, now() - YEAR);

        long id = enrolled(email, course);
        assertThat(row(id).access()).isEqualTo(MoodleAccess.Access.RENEWED);
        assertThat(moodle.active(user.id(), course)).isTrue();
        assertThat(moodle.enrolment(user.id(), course).orElseThrow().timeEnd()).isEqualTo(row(id).timeStart() + YEAR);

        clock.advance(Duration.ofDays(10));
        refund(id);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.ENDED);
        assertThat(moodle.enrolment(user.id(), course)).as("the enrolment that existed before stays")
                .hasValueSatisfying(e -> assertThat(e.timeEnd()).isLessThanOrEqualTo(now()));
        assertThat(moodle.active(user.id(), course)).isFalse();
        assertThat(moodle.roles(user.id(), course)).containsExactly(MoodleDouble.STUDENT);
    }

    @Test
    void aSecondPaidOrderAddsItsPeriodToTheEndAndRefundsTakeBackOnlyTheirOwn() {
        long course = course();
        String email = email("loyal");
        long first = enrolled(email, course);
        long user = row(first).moodleUserId();
        long start = row(first).timeStart();

        clock.advance(Duration.ofDays(100));
        long second = enrolled(email, course);
        assertThat(row(second).access()).isEqualTo(MoodleAccess.Access.EXTENDED);
        assertThat(moodle.enrolment(user, course).orElseThrow()).satisfies(e -> {
            assertThat(e.timeStart()).isEqualTo(start);
            assertThat(e.timeEnd()).as("periods add up").isEqualTo(start + 2 * YEAR);
        });

        clock.advance(Duration.ofDays(10));
        refund(second);
        assertThat(row(second).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.SHORTENED);
        assertThat(moodle.enrolment(user, course).orElseThrow().timeEnd()).isEqualTo(start + YEAR);
        assertThat(moodle.active(user, course)).as("still backed by the first order").isTrue();

        refund(first);
        assertThat(row(first).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
        assertThat(moodle.enrolment(user, course)).isEmpty();
        assertThat(moodle.roles(user, course)).isEmpty();
    }

    @Test
    void refundingTheFirstOfTwoOrdersMovesTheEndBackByItsPeriod() {
        long course = course();
        String email = email("early-refund");
        long first = enrolled(email, course);
        long user = row(first).moodleUserId();
        long start = row(first).timeStart();
        long second = enrolled(email, course);
        assertThat(row(second).timeEnd()).isEqualTo(start + 2 * YEAR);

        refund(first);
        assertThat(row(first).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.SHORTENED);
        assertThat(moodle.enrolment(user, course).orElseThrow().timeEnd()).isEqualTo(start + YEAR);
        assertThat(row(second).timeEnd()).as("the remaining order carries the window").isEqualTo(start + YEAR);

        refund(second);
        assertThat(moodle.enrolment(user, course)).isEmpty();
    }

    @Test
    void aPaidPeriodThatHadEndedStartsAgainFromTheNewPayment() {
        long course = course();
        String email = email("lapsed");
        long first = enrolled(email, course);
        clock.advance(Duration.ofDays(400));
        long paidAt = now();
        long second = enrolled(email, course);
        assertThat(row(second).access()).isEqualTo(MoodleAccess.Access.EXTENDED);
        assertThat(row(second).timeStart()).isBetween(MoodleAccess.start(paidAt), now()).isGreaterThan(row(first).timeEnd());
        assertThat(row(second).timeEnd()).isEqualTo(row(second).timeStart() + YEAR);
        assertThat(moodle.active(row(second).moodleUserId(), course)).isTrue();
    }

    @Test
    void aStudentWhoBecameATeacherIsLeftInPlaceByARefund() {
        long course = course();
        String email = email("promoted");
        long id = enrolled(email, course);
        long user = row(id).moodleUserId();
        moodle.assignRole(user, course, MoodleDouble.NON_EDITING_TEACHER);

        refund(id);

        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.UNENROLLED);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.LEFT_OTHER_ROLE);
        assertThat(row(id).otherRoles()).isEqualTo("teacher");
        assertThat(moodle.roles(user, course)).contains(MoodleDouble.NON_EDITING_TEACHER);
        assertThat(moodle.calls(MoodleClient.UNENROL)).isZero();
    }

    // ---- commit, then error

    @Test
    void anEnrolmentSavedBeforeAnErrorIsFoundThereAndNotSentAgain() {
        long course = course();
        String email = email("welcome-failed");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.commitThenErrorOnNext(MoodleClient.ENROL);
        long id = paid(email, course);

        assertThat(attempt(id)).isFalse();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.PENDING);
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.UNCERTAIN);
        assertThat(row(id).enrolSentAt()).isNotNull();
        assertThat(moodle.active(user.id(), course)).as("Moodle saved it").isTrue();

        assertThat(attempt(id)).isTrue();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.ENROLLED);
        assertThat(row(id).access()).as("still Passerelle's, not 'already enrolled'").isEqualTo(MoodleAccess.Access.NEW);
        assertThat(moodle.calls(MoodleClient.ENROL)).isEqualTo(1);
        assertThat(moodle.welcomeMessages(user.id(), course)).isEqualTo(1);

        refund(id);
        assertThat(moodle.enrolment(user.id(), course)).isEmpty();
    }

    @Test
    void anEnrolmentWhoseAnswerTimedOutIsCheckedBeforeTryingAgain() {
        long course = course();
        String email = email("timeout");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.commitThenWaitOnNext(MoodleClient.ENROL, Duration.ofSeconds(4));
        long id = paid(email, course);

        assertThat(attempt(id)).isFalse();
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.UNCERTAIN);

        assertThat(attempt(id)).isTrue();
        assertThat(moodle.calls(MoodleClient.ENROL)).isEqualTo(1);
        assertThat(moodle.enrolment(user.id(), course)).isPresent();
    }

    @Test
    void anExtensionWithoutConfirmationIsSentAgainWithTheSameWindow() {
        long course = course();
        String email = email("extend-uncertain");
        long first = enrolled(email, course);
        long user = row(first).moodleUserId();
        moodle.commitThenErrorOnNext(MoodleClient.ENROL);
        long second = paid(email, course);
        assertThat(attempt(second)).isFalse();
        long end = row(second).timeEnd();

        assertThat(attempt(second)).isTrue();
        assertThat(moodle.enrolment(user, course).orElseThrow().timeEnd()).isEqualTo(end)
                .isEqualTo(row(first).timeStart() + 2 * YEAR);
    }

    @Test
    void anAccountDeletedAfterAnUnconfirmedSendStopsAndARetryLooksThePayerUpAgain() {
        long course = course();
        String email = email("deleted");
        MoodleDouble.User old = moodle.user(email, "Ada", "Lovelace");
        moodle.commitThenErrorOnNext(MoodleClient.ENROL);
        long id = paid(email, course);
        assertThat(attempt(id)).isFalse();
        moodle.delete(old.id());

        assertThat(attempt(id)).isFalse();
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.USER_GONE);
        assertThat(row(id).enrolSentAt()).isNull();

        assertThat(rows.retry(id, "admin")).isTrue();
        assertThat(enroller.attempt(id)).isTrue();
        MoodleDouble.User created = moodle.userByEmail(email).orElseThrow();
        assertThat(created.id()).isNotEqualTo(old.id());
        assertThat(row(id).moodleUserId()).isEqualTo(created.id());
        assertThat(moodle.active(created.id(), course)).isTrue();
    }

    @Test
    void aRefundNeverDropsAnEnrolmentThatMayExistInMoodle() {
        long course = course();
        String email = email("refund-uncertain");
        MoodleDouble.User user = moodle.user(email, "Ada", "Lovelace");
        moodle.commitThenErrorOnNext(MoodleClient.ENROL);
        long id = paid(email, course);
        assertThat(attempt(id)).isFalse();

        refund(id);

        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.UNENROLLED);
        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
        assertThat(moodle.enrolment(user.id(), course)).isEmpty();
        assertThat(moodle.calls(MoodleClient.UNENROL)).isEqualTo(1);
    }

    @Test
    void aRefundDropsAnEnrolmentNeverSentToMoodle() {
        long course = newCourse();   // unknown in Moodle: the enrolment stops before anything is sent
        long id = paid(email("never"), course);
        assertThat(attempt(id)).isFalse();
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.UNKNOWN_COURSE);
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.NEEDS_ADMIN);
        long before = moodle.calls().size();

        refund(id);

        assertThat(row(id).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.DROPPED);
        assertThat(moodle.calls()).hasSize((int) before);
    }

    @Test
    void anEnrolmentOvertakenByARefundIsTakenBackNext() {
        long course = course();
        String email = email("overtaken");
        long id = paid(email, course);
        // the refund arrives while the attempt is under way: the attempt claims the row, then the refund asks
        assertThat(rows.queue().claim(id)).isTrue();
        assertThat(rows.requestTakeBack(row(id).orderId())).isEqualTo(1);
        rows.enrolled(id);
        assertThat(row(id).status()).as("stays in the queue, to be taken back").isEqualTo(MoodleEnrolment.PENDING);
        assertThat(row(id).takingBack()).isTrue();
    }

    // ---- the set-up, as Moodle reports it

    @Test
    void setUpRefusalsAreRetriedWithWhatToFixAndGoThroughOnceFixed() {
        configure(Map.of("passerelle.moodle.retry-schedule", "1m,1m,1m,1m,1m,1m,1m,1m,1m,1m,1m,1m"));
        long course = course();
        String email = email("setup");
        moodle.user(email, "Ada", "Lovelace");
        long id = paid(email, course);
        record Case(Runnable breakIt, MoodleProblem expected, String detail) {
        }
        List<Case> cases = List.of(
                new Case(() -> moodle.tokenRevoked(true), MoodleProblem.TOKEN, ""),
                new Case(() -> moodle.restProtocol(false), MoodleProblem.WEB_SERVICES_OFF, ""),
                new Case(() -> moodle.without("webservice/rest:use"), MoodleProblem.ACCESS, MoodleClient.FIND_USERS),
                new Case(() -> moodle.withoutFunction(MoodleClient.ENROL), MoodleProblem.ACCESS, MoodleClient.ENROL),
                new Case(() -> moodle.without("moodle/course:view"), MoodleProblem.COURSE_ACCESS, ""),
                new Case(() -> moodle.without("enrol/manual:enrol"), MoodleProblem.CAPABILITY, "enrol/manual:enrol"),
                new Case(() -> moodle.without("moodle/role:assign"), MoodleProblem.ROLE_ASSIGN, ""),
                new Case(() -> moodle.mayAssign(MoodleDouble.TEACHER), MoodleProblem.ROLE_ASSIGN, ""),
                new Case(() -> moodle.course(course, true, MoodleDouble.Manual.DISABLED), MoodleProblem.NO_MANUAL_METHOD, ""));
        for (Case c : cases) {
            c.breakIt().run();
            assertThat(attempt(id)).isFalse();
            assertThat(row(id).status()).as(c.expected().name()).isEqualTo(MoodleEnrolment.PENDING);
            assertThat(row(id).problem()).isEqualTo(c.expected());
            assertThat(row(id).problemDetail()).isEqualTo(c.detail());
            assertThat(row(id).lastError()).doesNotContain(MoodleDouble.TOKEN);
            assertThat(row(id).enrolSentAt()).as("a refusal saves nothing").isNull();
            moodle.fullSetUp().course(course);
        }
        assertThat(attempt(id)).isTrue();
        assertThat(row(id).problem()).isNull();
    }

    @Test
    void anUnconfirmedAccountIsEnrolledOnceConfirmed() {
        long course = course();
        String email = email("unconfirmed");
        MoodleDouble.User user = moodle.unconfirmedUser(email, "Ada", "Lovelace");
        long id = paid(email, course);
        assertThat(attempt(id)).isFalse();
        assertThat(row(id).problem()).isEqualTo(MoodleProblem.NOT_CONFIRMED);
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.PENDING);

        moodle.confirm(user.id());
        assertThat(attempt(id)).isTrue();
    }

    @Test
    void theRetryScheduleEndsDeadAndAnAdministratorCanRetry() {
        long course = course();
        String email = email("outage");
        moodle.user(email, "Ada", "Lovelace");
        moodle.restProtocol(false);
        long id = paid(email, course);
        for (int i = 0; i <= settings.retrySchedule().size(); i++) {
            assertThat(attempt(id)).isFalse();
        }
        assertThat(row(id).status()).isEqualTo(MoodleEnrolment.DEAD);
        assertThat(row(id).attempts()).isEqualTo(settings.retrySchedule().size() + 1);

        moodle.restProtocol(true);
        assertThat(rows.retry(id, "admin")).isTrue();
        assertThat(row(id).attempts()).isZero();
        assertThat(enroller.attempt(id)).isTrue();
        assertThat(rows.retry(id, "admin")).as("an enrolled row is not retried").isFalse();
    }

    // ---- the connection check

    @Test
    void theConnectionCheckFindsEverythingInPlaceWithoutChangingAnything() {
        long course = course();
        configure(Map.of("passerelle.moodle.courses.atelier", Long.toString(course)));

        MoodleConnectionCheck.Report report = check.run(null, "admin");

        assertThat(report.missing()).as(report.checks().toString()).isZero();
        assertThat(report.checks()).extracting(MoodleConnectionCheck.Check::key).contains("connection", "tokenUser",
                "viewEmails", "createUsers", "courseEnrol", "courseManual", "courseProfiles", "roleAssign");
        assertThat(moodle.enrolments(course)).isEmpty();
        assertThat(moodle.passwordsMailed()).isEmpty();
    }

    @Test
    void theConnectionCheckReportsEachMissingCapabilityItCanDetect() {
        long course = course();
        configure(Map.of("passerelle.moodle.courses.atelier", Long.toString(course)));
        Map<String, String> expected = Map.of(
                "moodle/user:viewdetails", "viewDetails",
                "moodle/site:viewuseridentity", "viewEmails",
                "moodle/course:view", "courseView",
                "enrol/manual:enrol", "courseEnrolCapability",
                "enrol/manual:unenrol", "courseUnenrol",
                "moodle/user:create", "createUsers",
                "webservice/rest:use", "restUse");
        for (var capability : expected.entrySet()) {
            moodle.without(capability.getKey());
            MoodleConnectionCheck.Report report = check.run(null, "admin");
            assertThat(report.checks()).as(capability.getKey())
                    .filteredOn(c -> c.result() == MoodleConnectionCheck.Result.MISSING)
                    .extracting(MoodleConnectionCheck.Check::key).contains(capability.getValue());
        }
        moodle.fullSetUp().emailInUserIdentity(false);
        assertThat(check.run(null, "admin").checks()).anySatisfy(c -> assertThat(c)
                .isEqualTo(new MoodleConnectionCheck.Check("viewEmails", MoodleConnectionCheck.Result.MISSING,
                        "moodle/site:viewuseridentity")));
        moodle.fullSetUp().withoutFunction(MoodleClient.COURSE_PROFILES);
        assertThat(check.run(null, "admin").checks()).contains(new MoodleConnectionCheck.Check("function",
                MoodleConnectionCheck.Result.MISSING, MoodleClient.COURSE_PROFILES));
        moodle.fullSetUp().course(course, true, MoodleDouble.Manual.NONE);
        assertThat(check.run(null, "admin").checks()).contains(new MoodleConnectionCheck.Check("courseManual",
                MoodleConnectionCheck.Result.MISSING, Long.toString(course)));
        moodle.fullSetUp();
        long unknown = newCourse();
        assertThat(check.run(unknown, "admin").checks()).contains(new MoodleConnectionCheck.Check("courseExists",
                MoodleConnectionCheck.Result.MISSING, Long.toString(unknown)));
        moodle.restProtocol(false);
        assertThat(check.run(null, "admin").checks()).containsExactly(new MoodleConnectionCheck.Check("connection",
                MoodleConnectionCheck.Result.MISSING, "WEB_SERVICES_OFF"));
        assertThat(moodle.enrolments(course)).isEmpty();
        assertThat(moodle.usersWithEmail("")).isEmpty();
        assertThat(Set.copyOf(moodle.passwordsMailed())).isEmpty();
    }

    // ---- one Moodle site per association (issue 18)

    String linkedAssociation() {
        String slug = "linked-" + UUID.randomUUID().toString().substring(0, 8);
        new Organizations(jdbc, new SecretBox(KEY, List.of()), new UtcClock(clock)).recordLinked(slug, "Linked",
                "emulator", "test");
        return slug;
    }

    @Test
    void aLinkedAssociationsOrdersEnrolInItsOwnSiteOnlyAndNeverMeetTheConfiguredSitesRows() {
        try (MoodleDouble other = MoodleDouble.start().clock(() -> clock.instant().getEpochSecond())) {
            String slug = linkedAssociation();
            assertThat(sites.save(slug, new MoodleSites.Change(other.url(), MoodleDouble.TOKEN, "5", false, "30",
                    Map.of()), "admin")).isEmpty();
            long course = newCourse();
            moodle.course(course);
            other.course(course);   // the same course id on both sites
            String email = email("both");
            MoodleDouble.User here = moodle.user(email, "Ada", "Lovelace");
            MoodleDouble.User there = other.user(email, "Ada", "Lovelace");

            enrolled(email, course);
            long linked = paid(email, course, slug, 5, Duration.ofDays(30));
            assertThat(attempt(linked)).isTrue();

            MoodleEnrolment row = row(linked);
            assertThat(row.status()).isEqualTo(MoodleEnrolment.ENROLLED);
            assertThat(row.moodleSite()).isEqualTo(slug);
            assertThat(row.access()).as("not an extension of the configured site's enrolment")
                    .isEqualTo(MoodleAccess.Access.NEW);
            assertThat(row.moodleUserId()).isEqualTo(there.id());
            assertThat(other.enrolment(there.id(), course)).hasValueSatisfying(
                    e -> assertThat(e.timeEnd() - e.timeStart()).isEqualTo(Duration.ofDays(30).toSeconds()));
            assertThat(moodle.enrolment(here.id(), course)).hasValueSatisfying(
                    e -> assertThat(e.timeEnd() - e.timeStart()).isEqualTo(YEAR));
            assertThat(moodle.calls(MoodleClient.ENROL)).isEqualTo(1);
            assertThat(other.calls(MoodleClient.ENROL)).isEqualTo(1);

            // its refund takes back in its own site only
            refund(linked);
            assertThat(row(linked).takeBack()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
            assertThat(other.enrolment(there.id(), course)).isEmpty();
            assertThat(moodle.active(here.id(), course)).isTrue();

            // settings removed since: the association's rows wait for new ones, nothing goes to another site
            assertThat(sites.save(slug, new MoodleSites.Change("", "", "", false, "", Map.of()), "admin")).isEmpty();
            long orphan = paid(email("orphan"), course, slug, 5, null);
            assertThat(attempt(orphan)).isFalse();
            assertThat(row(orphan).problem()).isEqualTo(MoodleProblem.NO_SITE);
            assertThat(row(orphan).status()).isEqualTo(MoodleEnrolment.PENDING);
            assertThat(moodle.calls(MoodleClient.FIND_USERS)).isEqualTo(1);
        }
    }

    @Test
    void aLinkedAssociationsSettingsAreCheckedBeforeAnythingIsSavedAndItsTokenIsSealed() {
        String slug = linkedAssociation();
        assertThat(sites.save(slug, new MoodleSites.Change("ftp://moodle.example.org", "", "0", false, "x",
                Map.of("offer-1", "abc")), "admin"))
                .containsOnlyKeys("url", "token", "roleId", "enrolmentDays", "course.offer-1");
        assertThat(sites.save(slug, new MoodleSites.Change("https://moodle.example.org/", "t", "5", false, "", Map.of()),
                "admin")).containsOnlyKeys("url");
        assertThat(sites.settingsOf(slug)).isEmpty();

        assertThat(sites.save(slug, new MoodleSites.Change("https://moodle.example.org", "secret-token-1", "5", true,
                "", Map.of("offer-1", "42", "offer-2", "")), "admin")).isEmpty();
        String stored = jdbc.sql("SELECT token FROM moodle_sites WHERE organization_slug = :slug").param("slug", slug)
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("secret-token-1");
        assertThat(sites.forOrganization(slug)).hasValueSatisfying(site -> {
            assertThat(site.token()).isEqualTo("secret-token-1");
            assertThat(site.courses()).isEqualTo(Map.of("offer-1", 42L));
            assertThat(site.createUsers()).isTrue();
            assertThat(site.enrolmentPeriod()).isNull();
            assertThat(site.toString()).doesNotContain("secret-token-1");
        });

        // a blank token keeps the stored one
        assertThat(sites.save(slug, new MoodleSites.Change("https://other.example.org/moodle", " ", "7", false, "10",
                Map.of()), "admin")).isEmpty();
        assertThat(sites.forOrganization(slug)).hasValueSatisfying(site -> {
            assertThat(site.token()).isEqualTo("secret-token-1");
            assertThat(site.url()).isEqualTo("https://other.example.org/moodle");
            assertThat(site.roleId()).isEqualTo(7);
            assertThat(site.enrolmentPeriod()).isEqualTo(Duration.ofDays(10));
            assertThat(site.courses()).isEmpty();
        });
        assertThat(jdbc.sql("SELECT message FROM audit_events WHERE action = 'moodle.settings' ORDER BY id")
                .query(String.class).list()).isNotEmpty().noneMatch(message -> message.contains("secret-token-1"));

        // the configured association keeps passerelle.moodle.*, whatever is stored
        assertThat(sites.forOrganization(null)).hasValueSatisfying(site -> assertThat(site.url()).isEqualTo(moodle.url()));
        assertThat(sites.forOrganization("org")).hasValueSatisfying(site -> assertThat(site.configuredSite()).isTrue());
        assertThat(sites.forOrganization("never-linked")).as("a slug Passerelle does not serve: the configured one's")
                .hasValueSatisfying(site -> assertThat(site.configuredSite()).isTrue());

        // a blank URL removes them: the association enrols nobody
        assertThat(sites.save(slug, new MoodleSites.Change("", "", "", false, "", Map.of()), "admin")).isEmpty();
        assertThat(sites.forOrganization(slug)).isEmpty();
    }
}
