package org.passerelle.gateway.moodle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of {@code shared/moodle/real-moodle.md} that a token set up as docs/moodle.md says can observe by itself,
 * as raw web-service answers. Run against the double (always) and against a real Moodle (when one is configured),
 * so that the double cannot drift from what Moodle answers. The rows that need an administrator to change the set-up
 * (a capability removed, REST off…) are held against the double in {@link MoodleEnrollerContract}.
 */
abstract class MoodleContract {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    abstract String url();

    abstract String token();

    /** A visible course with an enabled manual enrolment method. */
    abstract long course();

    /** A course id that does not exist. */
    long missingCourse() {
        return 987_654_321L;
    }

    record Answer(int status, String body, JsonNode json) {

        String errorCode() {
            return json == null ? null : json.path("errorcode").asString(null);
        }
    }

    Answer call(String function, String... keysAndValues) {
        return callWith(token(), function, keysAndValues);
    }

    Answer callWith(String token, String function, String... keysAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("wstoken", token);
        form.put("wsfunction", function);
        form.put("moodlewsrestformat", "json");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/webservice/rest/server.php"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body().trim();
            return new Answer(response.statusCode(), text, text.isEmpty() ? null : JSON.readTree(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new account (through the token, which may create accounts): its id. */
    long newUser(String username, String email) {
        Answer created = call(MoodleClient.CREATE_USERS, "users[0][username]", username, "users[0][email]", email,
                "users[0][firstname]", "Ada", "users[0][lastname]", "Lovelace", "users[0][createpassword]", "1");
        assertThat(created.json().isArray()).as(created.body()).isTrue();
        assertThat(created.json().get(0).path("username").asString()).isEqualTo(username);
        return created.json().get(0).path("id").asLong();
    }

    Answer enrol(long user, long course, long role, long start, long end) {
        return call(MoodleClient.ENROL, "enrolments[0][roleid]", Long.toString(role), "enrolments[0][userid]",
                Long.toString(user), "enrolments[0][courseid]", Long.toString(course), "enrolments[0][timestart]",
                Long.toString(start), "enrolments[0][timeend]", Long.toString(end));
    }

    Answer unenrol(long user, long course) {
        return call(MoodleClient.UNENROL, "enrolments[0][userid]", Long.toString(user), "enrolments[0][courseid]",
                Long.toString(course));
    }

    JsonNode profile(long user, long course) {
        Answer answer = call(MoodleClient.COURSE_PROFILES, "userlist[0][userid]", Long.toString(user),
                "userlist[0][courseid]", Long.toString(course));
        assertThat(answer.json().isArray()).as(answer.body()).isTrue();
        return answer.json().get(0);
    }

    boolean active(long user, long course) {
        for (JsonNode c : profile(user, course).path("enrolledcourses")) {
            if (c.path("id").asLong() == course) {
                return true;
            }
        }
        return false;
    }

    @Test
    void errorsComeWithHttp200AsAnExceptionObjectWithoutDebuginfo() {
        Answer badToken = callWith("0000000000000000000000000000dead", MoodleClient.SITE_INFO);
        assertThat(badToken.status()).isEqualTo(200);
        assertThat(badToken.errorCode()).isEqualTo("invalidtoken");
        assertThat(badToken.json().has("exception")).isTrue();
        assertThat(badToken.json().has("debuginfo")).as("production sites are not in debug mode").isFalse();
        assertThat(call("core_course_get_courses").errorCode()).as("a function outside the service")
                .isEqualTo("accessexception");
    }

    @Test
    void theEmailLookupIsCaseInsensitiveWithGetUsersAndExactWithGetUsersByField() {
        String name = "ada.contract-" + unique();
        long id = newUser(name, "Ada.Contract-" + name.substring(name.length() - 8).toUpperCase() + "@Example.org");
        String lower = name + "@example.org";
        Answer users = call(MoodleClient.FIND_USERS, "criteria[0][key]", "email", "criteria[0][value]", lower);
        assertThat(users.json().path("users")).singleElement().satisfies(u -> {
            assertThat(u.path("id").asLong()).isEqualTo(id);
            assertThat(u.has("username")).as("username only with moodle/user:viewalldetails").isFalse();
        });
        Answer byField = call("core_user_get_users_by_field", "field", "email", "values[0]", lower);
        assertThat(byField.json().isArray() && byField.json().isEmpty()).as(byField.body()).isTrue();
    }

    @Test
    void theTokenSeesTheGuestAccountsEmailOnceEmailIsAnIdentityField() {
        Answer guest = call(MoodleClient.FIND_USERS, "criteria[0][key]", "id", "criteria[0][value]", "1");
        assertThat(guest.json().path("users")).singleElement()
                .satisfies(u -> assertThat(u.path("email").asString()).isEqualTo("root@localhost"));
    }

    @Test
    void creationFollowsTheUsernameRuleAndRefusesASecondAccountForAnEmail() {
        String plus = "a+b-" + unique() + "@example.org";
        Answer refused = call(MoodleClient.CREATE_USERS, "users[0][username]", plus, "users[0][email]", plus,
                "users[0][firstname]", "Ada", "users[0][lastname]", "Lovelace", "users[0][createpassword]", "1");
        assertThat(refused.errorCode()).isEqualTo("invalidparameter");
        assertThat(refused.json().has("debuginfo")).isFalse();

        String name = "dup-" + unique();
        newUser(name, name + "@example.org");
        Answer duplicate = call(MoodleClient.CREATE_USERS, "users[0][username]", name + "-other", "users[0][email]",
                name.toUpperCase() + "@EXAMPLE.ORG", "users[0][firstname]", "Ada", "users[0][lastname]", "Lovelace",
                "users[0][createpassword]", "1");
        assertThat(duplicate.errorCode()).isEqualTo("invalidparameter");

        Answer blank = call(MoodleClient.CREATE_USERS, "users[0][username]", "", "users[0][email]", "",
                "users[0][firstname]", "", "users[0][lastname]", "");
        assertThat(blank.errorCode()).as("refused after the capability check, nothing created").isEqualTo("invalidparameter");
    }

    @Test
    void enrolAndUnenrolAnswerTheCodesObservedOnMoodle45() {
        assertThat(enrol(0, missingCourse(), 5, 0, 0).errorCode()).as("unknown course on enrol").isEqualTo("invalidparameter");
        assertThat(unenrol(0, missingCourse()).errorCode()).as("unknown course on unenrol").isEqualTo("invalidrecord");
        assertThat(enrol(0, course(), 5, 0, 0).errorCode()).as("unknown user").isEqualTo("invaliduser");
        assertThat(call(MoodleClient.COURSE_PROFILES, "userlist[0][userid]", "1", "userlist[0][courseid]",
                Long.toString(missingCourse())).errorCode()).isEqualTo("invalidparameter");

        String name = "enrol-" + unique();
        long user = newUser(name, name + "@example.org");
        assertThat(enrol(user, course(), 3, 0, 0).errorCode()).as("a role the token may not assign")
                .isEqualTo("wsusercannotassign");
        assertThat(unenrol(user, course()).body()).as("not enrolled: no error").isEqualTo("null");
    }

    @Test
    void enrollingAgainOverwritesTheDatesAndUnenrolRemovesTheWholeEnrolment() {
        String name = "again-" + unique();
        long user = newUser(name, name + "@example.org");
        long now = System.currentTimeMillis() / 1000;

        // Moodle's active-course lists compare with the time rounded to 100 s: stay well clear of it
        assertThat(enrol(user, course(), 5, now - 10_000, now - 1_000).body()).isEqualTo("null");
        assertThat(active(user, course())).as("ended").isFalse();
        assertThat(profile(user, course()).path("roles")).extracting(r -> r.path("roleid").asLong()).containsExactly(5L);

        assertThat(enrol(user, course(), 5, now - 10_000, 0).body()).isEqualTo("null");
        assertThat(active(user, course())).as("no end date sent: the end date is cleared").isTrue();

        assertThat(unenrol(user, course()).body()).isEqualTo("null");
        assertThat(active(user, course())).isFalse();
        assertThat(profile(user, course()).path("roles").isEmpty()).as("its roles go with it").isTrue();
    }
}
