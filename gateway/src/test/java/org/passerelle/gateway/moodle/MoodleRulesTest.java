package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure rules of the Moodle channel: usernames, the access decisions, and what each Moodle answer means. */
class MoodleRulesTest {

    static final long DAY = 86_400;
    static final long YEAR = 365 * DAY;

    @Test
    void usernamesPassMoodlesRuleWhateverTheEmail() {
        assertThat(MoodleUsernames.first("O'Brien+Atelier@Example.org")).isEqualTo("o-brien-atelier@example.org");
        assertThat(MoodleUsernames.first("José.Núñez@exemple.fr")).isEqualTo("jose.nunez@exemple.fr");
        assertThat(MoodleUsernames.first("a b&c@x.org")).isEqualTo("a-b-c@x.org");
        String longEmail = "x".repeat(150) + "@example.org";
        assertThat(MoodleUsernames.first(longEmail)).hasSize(MoodleUsernames.MAX_LENGTH).matches("[-.@_a-z0-9]+");
        assertThat(MoodleUsernames.second(longEmail)).hasSize(MoodleUsernames.MAX_LENGTH).matches("[-.@_a-z0-9]+");
        assertThat(MoodleUsernames.second("Ada@Example.org")).as("the same for the same e-mail, whatever its case")
                .isEqualTo(MoodleUsernames.second("ada@example.org")).startsWith("ada@example.org-")
                .isNotEqualTo(MoodleUsernames.second("bob@example.org"));
    }

    @Test
    void onlyEmailsMoodleCanStoreAreTried() {
        assertThat(MoodleUsernames.acceptsEmail("o'brien+news@example.org")).isTrue();
        assertThat(MoodleUsernames.acceptsEmail("zoé@example.org")).isFalse();
        assertThat(MoodleUsernames.acceptsEmail("a@b@example.org")).isFalse();
        assertThat(MoodleUsernames.acceptsEmail("<a@example.org>")).isFalse();
        assertThat(MoodleUsernames.acceptsEmail("no-at-sign")).isFalse();
    }

    static MoodleClient.CourseProfile profile(boolean active, long... roles) {
        return new MoodleClient.CourseProfile(java.util.Arrays.stream(roles)
                .mapToObj(r -> new MoodleClient.Role(r, r == 5 ? "student" : r == 3 ? "editingteacher" : "role" + r))
                .toList(), active ? Set.of(42L) : Set.of());
    }

    @Test
    void decisionsFollowTheAccessThePayerAlreadyHas() {
        long paid = 1_800_000_050;
        long start = MoodleAccess.start(paid);
        assertThat(start).isEqualTo(1_799_999_999);
        assertThat(MoodleAccess.decide(profile(false), List.of(), 42, 5, paid, YEAR))
                .isEqualTo(new MoodleAccess.Decision(MoodleAccess.Access.NEW, new MoodleAccess.Window(start, start + YEAR), true, null));
        assertThat(MoodleAccess.decide(profile(false, 5), List.of(), 42, 5, paid, null))
                .isEqualTo(new MoodleAccess.Decision(MoodleAccess.Access.RENEWED, new MoodleAccess.Window(start, 0), false, null));
        assertThat(MoodleAccess.decide(profile(true, 5), List.of(), 42, 5, paid, YEAR).access())
                .isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);
        assertThat(MoodleAccess.decide(profile(true), List.of(), 42, 5, paid, YEAR).access())
                .as("enrolled without a role: still access Passerelle did not grant").isEqualTo(MoodleAccess.Access.KEPT_ENROLLED);
        assertThat(MoodleAccess.decide(profile(false, 3, 5), List.of(), 42, 5, paid, YEAR))
                .isEqualTo(new MoodleAccess.Decision(MoodleAccess.Access.KEPT_OTHER_ROLE, null, false, "editingteacher"));

        MoodleAccess.Grant earlier = new MoodleAccess.Grant(1, new MoodleAccess.Window(start - 10 * DAY, start - 10 * DAY + YEAR), YEAR, true);
        assertThat(MoodleAccess.decide(profile(true, 3, 5), List.of(earlier), 42, 5, paid, YEAR)).as("periods add up")
                .isEqualTo(new MoodleAccess.Decision(MoodleAccess.Access.EXTENDED,
                        new MoodleAccess.Window(start - 10 * DAY, start - 10 * DAY + 2 * YEAR), true, null));
        MoodleAccess.Grant ended = new MoodleAccess.Grant(1, new MoodleAccess.Window(start - 2 * YEAR, start - YEAR), YEAR, false);
        assertThat(MoodleAccess.decide(profile(false, 5), List.of(ended), 42, 5, paid, YEAR).window())
                .as("an ended period: a new one from this payment").isEqualTo(new MoodleAccess.Window(start, start + YEAR));
        MoodleAccess.Grant unlimited = new MoodleAccess.Grant(1, new MoodleAccess.Window(start - DAY, 0), null, true);
        assertThat(MoodleAccess.decide(profile(true, 5), List.of(unlimited), 42, 5, paid, YEAR).window())
                .as("no end stays no end").isEqualTo(new MoodleAccess.Window(start - DAY, 0));
    }

    @Test
    void refundsTakeBackOnlyTheirOwnPeriod() {
        MoodleAccess.Grant first = new MoodleAccess.Grant(1, new MoodleAccess.Window(1000, 1000 + YEAR), YEAR, true);
        MoodleAccess.Grant second = new MoodleAccess.Grant(2, new MoodleAccess.Window(1000, 1000 + 2 * YEAR), YEAR, true);
        assertThat(MoodleAccess.takeBack(second, List.of(first), 5000)).isEqualTo(new MoodleAccess.TakeBack(
                MoodleAccess.TakeBackOutcome.SHORTENED, new MoodleAccess.Window(1000, 1000 + YEAR), 1L));
        assertThat(MoodleAccess.takeBack(first, List.of(second), 5000)).isEqualTo(new MoodleAccess.TakeBack(
                MoodleAccess.TakeBackOutcome.SHORTENED, new MoodleAccess.Window(1000, 1000 + YEAR), 2L));
        assertThat(MoodleAccess.takeBack(first, List.of(), 5000).outcome()).isEqualTo(MoodleAccess.TakeBackOutcome.REMOVED);
        MoodleAccess.Grant reopened = new MoodleAccess.Grant(3, new MoodleAccess.Window(1000, 1000 + YEAR), YEAR, false);
        assertThat(MoodleAccess.takeBack(reopened, List.of(), 5000)).isEqualTo(new MoodleAccess.TakeBack(
                MoodleAccess.TakeBackOutcome.ENDED, new MoodleAccess.Window(1000, 5000), 3L));
        MoodleAccess.Grant open1 = new MoodleAccess.Grant(1, new MoodleAccess.Window(1000, 0), null, true);
        MoodleAccess.Grant open2 = new MoodleAccess.Grant(2, new MoodleAccess.Window(1000, 0), null, true);
        assertThat(MoodleAccess.takeBack(open2, List.of(open1), 5000).outcome()).as("still backed, no end date")
                .isEqualTo(MoodleAccess.TakeBackOutcome.STILL_BACKED);
    }

    static MoodleException refused(String function, String code) {
        return MoodleException.refused(function, "core\\exception\\moodle_exception", code, "message", null);
    }

    @Test
    void eachAnswerOfTheErrorTableMeansWhatDocsMoodleSays() {
        record Row(MoodleException answer, MoodleProblem problem, String detail, boolean mayHaveWritten) {
        }
        List<Row> table = List.of(
                new Row(MoodleException.of(MoodleClient.ENROL, MoodleException.Kind.HTTP, 403, ""), MoodleProblem.WEB_SERVICES_OFF, "", false),
                new Row(MoodleException.of(MoodleClient.ENROL, MoodleException.Kind.HTTP, 404, ""), MoodleProblem.NOT_MOODLE, "", false),
                new Row(MoodleException.of(MoodleClient.ENROL, MoodleException.Kind.HTTP, 502, ""), MoodleProblem.HTTP_ERROR, "502", true),
                new Row(MoodleException.of(MoodleClient.FIND_USERS, MoodleException.Kind.UNREACHABLE, 0, ""), MoodleProblem.UNREACHABLE, "", false),
                new Row(MoodleException.of(MoodleClient.FIND_USERS, MoodleException.Kind.NO_ANSWER, 0, ""), MoodleProblem.NO_ANSWER, "", true),
                new Row(MoodleException.of(MoodleClient.ENROL, MoodleException.Kind.NO_ANSWER, 0, ""), MoodleProblem.UNCERTAIN, "", true),
                new Row(refused(MoodleClient.FIND_USERS, "invalidtoken"), MoodleProblem.TOKEN, "", false),
                new Row(refused(MoodleClient.FIND_USERS, "wsaccessusersuspended"), MoodleProblem.TOKEN_USER, "wsaccessusersuspended", false),
                new Row(refused(MoodleClient.COURSE_PROFILES, "accessexception"), MoodleProblem.ACCESS, MoodleClient.COURSE_PROFILES, false),
                new Row(refused(MoodleClient.ENROL, "nopermissions"), MoodleProblem.CAPABILITY, "enrol/manual:enrol", false),
                new Row(refused(MoodleClient.UNENROL, "nopermissions"), MoodleProblem.CAPABILITY, "enrol/manual:unenrol", false),
                new Row(refused(MoodleClient.CREATE_USERS, "nopermissions"), MoodleProblem.CAPABILITY, "moodle/user:create", false),
                new Row(refused(MoodleClient.ENROL, "requireloginerror"), MoodleProblem.COURSE_ACCESS, "", false),
                new Row(refused(MoodleClient.ENROL, "wsusercannotassign"), MoodleProblem.ROLE_ASSIGN, "", false),
                new Row(refused(MoodleClient.ENROL, "wsnoinstance"), MoodleProblem.NO_MANUAL_METHOD, "", false),
                new Row(refused(MoodleClient.ENROL, "invalidparameter"), MoodleProblem.UNKNOWN_COURSE, "", false),
                new Row(refused(MoodleClient.UNENROL, "invalidrecord"), MoodleProblem.UNKNOWN_COURSE, "", false),
                new Row(refused(MoodleClient.ENROL, "invaliduser"), MoodleProblem.USER_GONE, "", false),
                new Row(refused(MoodleClient.ENROL, "usernotconfirmed"), MoodleProblem.NOT_CONFIRMED, "", false),
                new Row(refused(MoodleClient.ENROL, "Message was not sent."), MoodleProblem.UNCERTAIN, "Message was not sent.", true),
                new Row(refused(MoodleClient.FIND_USERS, "somethingelse"), MoodleProblem.MOODLE_ERROR, "somethingelse", true));
        for (Row row : table) {
            MoodleProblem.Diagnosis diagnosis = MoodleProblem.of(row.answer());
            assertThat(diagnosis).as(row.answer().getMessage()).isEqualTo(new MoodleProblem.Diagnosis(row.problem(), row.detail()));
            assertThat(row.answer().mayHaveWritten()).as(row.answer().getMessage()).isEqualTo(row.mayHaveWritten());
        }
        assertThat(MoodleProblem.UNKNOWN_COURSE.needsAdmin()).isTrue();
        assertThat(MoodleProblem.TOKEN.needsAdmin()).isFalse();
    }
}
