package org.passerelle.gateway.moodle;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moodle's web-service REST protocol (checked against Moodle 4.5.6, see {@code shared/moodle/real-moodle.md}): a
 * form POST to {@code /webservice/rest/server.php} with {@code wstoken}, {@code wsfunction} and
 * {@code moodlewsrestformat=json}, arrays as {@code users[0][email]}. Errors come back with HTTP 200 as
 * {@code {"exception", "errorcode", "message"}} ({@code debuginfo} only in debug mode); HTTP 403 means web services or
 * REST are off. Every call is one POST, never retried here: the caller decides, knowing what Moodle may have saved.
 */
public class MoodleClient {

    public static final String SITE_INFO = "core_webservice_get_site_info";
    public static final String FIND_USERS = "core_user_get_users";
    public static final String CREATE_USERS = "core_user_create_users";
    public static final String COURSE_PROFILES = "core_user_get_course_user_profiles";
    public static final String ENROL = "enrol_manual_enrol_users";
    public static final String UNENROL = "enrol_manual_unenrol_users";

    /** Moodle's guest account: created first by every installation, never deleted, its e-mail hidden by default. */
    public static final long GUEST_USER_ID = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who the token is, and which functions its external service holds. */
    public record SiteInfo(long userId, String username, String fullName, String release, boolean siteAdmin,
            Set<String> functions) {
    }

    /** A user as the token sees it: {@code email} is null when the token may not see it. */
    public record User(long id, String email, String fullName, boolean suspended) {
    }

    public record Role(long id, String shortName) {
    }

    /**
     * A user's standing in a course: the roles assigned in the course itself, and the courses where the user has an
     * active enrolment (any method; an ended or suspended enrolment is not active).
     */
    public record CourseProfile(List<Role> roles, Set<Long> activeCourses) {

        public static final CourseProfile NONE = new CourseProfile(List.of(), Set.of());

        public boolean activeIn(long courseId) {
            return activeCourses.contains(courseId);
        }

        public boolean hasRole(long roleId) {
            return roles.stream().anyMatch(r -> r.id() == roleId);
        }

        public List<Role> otherRoles(long roleId) {
            return roles.stream().filter(r -> r.id() != roleId).toList();
        }
    }

    private final String siteUrl;
    private final URI endpoint;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;

    public MoodleClient(String siteUrl, String token, Duration connectTimeout, Duration requestTimeout) {
        this.siteUrl = siteUrl;
        this.endpoint = URI.create(siteUrl + "/webservice/rest/server.php");
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    public String siteUrl() {
        return siteUrl;
    }

    public SiteInfo siteInfo() throws MoodleException {
        JsonNode info = call(SITE_INFO, Map.of());
        Set<String> functions = new LinkedHashSet<>();
        info.path("functions").forEach(f -> functions.add(f.path("name").asString("")));
        return new SiteInfo(info.path("userid").asLong(), info.path("username").asString(""),
                info.path("fullname").asString(""), info.path("release").asString(""),
                info.path("userissiteadmin").asBoolean(false), functions);
    }

    /**
     * The accounts whose e-mail is this one, whatever its letter case. {@code core_user_get_users} compares with a
     * case-insensitive LIKE (where {@code _} and {@code %} are wildcards), so its answer is narrowed to exact matches
     * here. Users the token may not see are left out by Moodle, exactly as if they did not exist.
     */
    public List<User> usersByEmail(String email) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("criteria[0][key]", "email");
        params.put("criteria[0][value]", email);
        return users(params).stream().filter(u -> email.equalsIgnoreCase(u.email())).toList();
    }

    public Optional<User> userById(long id) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("criteria[0][key]", "id");
        params.put("criteria[0][value]", Long.toString(id));
        return users(params).stream().filter(u -> u.id() == id).findFirst();
    }

    private List<User> users(Map<String, String> criteria) throws MoodleException {
        JsonNode answer = call(FIND_USERS, criteria);
        List<User> users = new ArrayList<>();
        for (JsonNode user : answer.path("users")) {
            users.add(new User(user.path("id").asLong(), user.hasNonNull("email") ? user.get("email").asString() : null,
                    user.path("fullname").asString(""), user.path("suspended").asBoolean(false)));
        }
        return users;
    }

    /** Creates a manual account; Moodle sets a password, mails it and forces a change at first login. */
    public long createUser(String username, String email, String firstName, String lastName) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("users[0][username]", username);
        params.put("users[0][email]", email);
        params.put("users[0][firstname]", firstName);
        params.put("users[0][lastname]", lastName);
        params.put("users[0][auth]", "manual");
        params.put("users[0][createpassword]", "1");
        JsonNode created = call(CREATE_USERS, params);
        if (!created.isArray() || created.isEmpty() || !created.get(0).hasNonNull("id")) {
            throw MoodleException.of(CREATE_USERS, MoodleException.Kind.UNREADABLE, 200, "answered without a user id");
        }
        return created.get(0).get("id").asLong();
    }

    /** The user's roles in the course and active courses; empty when Moodle shows nothing (not visible, or gone). */
    public Optional<CourseProfile> courseProfile(long userId, long courseId) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("userlist[0][userid]", Long.toString(userId));
        params.put("userlist[0][courseid]", Long.toString(courseId));
        JsonNode answer = call(COURSE_PROFILES, params);
        for (JsonNode profile : answer) {
            if (profile.path("id").asLong() != userId) {
                continue;
            }
            List<Role> roles = new ArrayList<>();
            profile.path("roles").forEach(r -> roles.add(new Role(r.path("roleid").asLong(), r.path("shortname").asString(""))));
            Set<Long> courses = new LinkedHashSet<>();
            profile.path("enrolledcourses").forEach(c -> courses.add(c.path("id").asLong()));
            return Optional.of(new CourseProfile(List.copyOf(roles), Set.copyOf(courses)));
        }
        return Optional.empty();
    }

    /**
     * Creates or updates the user's manual enrolment: Moodle sets exactly these dates (0 = none) and adds the role to
     * the ones the user has. Answers null.
     */
    public void enrol(long userId, long courseId, long roleId, long timeStart, long timeEnd) throws MoodleException {
        call(ENROL, enrolment(userId, courseId, roleId, timeStart, timeEnd));
    }

    static Map<String, String> enrolment(long userId, long courseId, long roleId, long timeStart, long timeEnd) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("enrolments[0][roleid]", Long.toString(roleId));
        params.put("enrolments[0][userid]", Long.toString(userId));
        params.put("enrolments[0][courseid]", Long.toString(courseId));
        params.put("enrolments[0][timestart]", Long.toString(timeStart));
        params.put("enrolments[0][timeend]", Long.toString(timeEnd));
        return params;
    }

    /** Removes the user's whole manual enrolment with its roles; nothing happens (and no error) when there is none. */
    public void unenrol(long userId, long courseId) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("enrolments[0][userid]", Long.toString(userId));
        params.put("enrolments[0][courseid]", Long.toString(courseId));
        call(UNENROL, params);
    }

    /**
     * Calls a function for what its refusal tells (the connection check's probes): empty when Moodle accepted it,
     * else how it refused. Only for calls that cannot change anything.
     */
    Optional<MoodleException> probe(String function, Map<String, String> params) {
        try {
            call(function, params);
            return Optional.empty();
        } catch (MoodleException e) {
            return Optional.of(e);
        }
    }

    JsonNode call(String function, Map<String, String> params) throws MoodleException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("wstoken", token);
        form.put("wsfunction", function);
        form.put("moodlewsrestformat", "json");
        form.putAll(params);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw MoodleException.of(function, MoodleException.Kind.UNREACHABLE, 0,
                    "Moodle could not be reached at " + siteUrl + " (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw MoodleException.of(function, MoodleException.Kind.NO_ANSWER, 0,
                    "no answer from Moodle (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoodleException.of(function, MoodleException.Kind.NO_ANSWER, 0, "interrupted");
        }
        if (response.statusCode() != 200) {
            throw MoodleException.of(function, MoodleException.Kind.HTTP, response.statusCode(),
                    "Moodle answered HTTP " + response.statusCode());
        }
        String text = response.body().trim();
        if (text.isEmpty() || text.equals("null")) {
            return JSON.nullNode();
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            throw MoodleException.of(function, MoodleException.Kind.UNREADABLE, 200, "Moodle answered something that is not JSON");
        }
        if (json.isObject() && json.has("exception")) {
            throw MoodleException.refused(function, json.path("exception").asString(""),
                    json.path("errorcode").asString(""), json.path("message").asString(""),
                    json.hasNonNull("debuginfo") ? json.get("debuginfo").asString() : null);
        }
        return json;
    }
}
