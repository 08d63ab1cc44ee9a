package org.passerelle.gateway.moodle;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moodle's web-service REST protocol: a form POST to {@code /webservice/rest/server.php} with {@code wstoken},
 * {@code wsfunction} and {@code moodlewsrestformat=json}; arrays as {@code users[0][email]}. Errors come back with
 * HTTP 200 as {@code {"exception": …, "errorcode": …, "message": …}}.
 */
public class MoodleClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;

    public MoodleClient(String siteUrl, String token, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = URI.create(siteUrl + "/webservice/rest/server.php");
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** The Moodle user id with this e-mail, or null. */
    public Long userIdByEmail(String email) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("field", "email");
        params.put("values[0]", email);
        JsonNode users = call("core_user_get_users_by_field", params);
        if (!users.isArray() || users.isEmpty()) {
            return null;
        }
        return users.get(0).get("id").asLong();
    }

    /** Creates a manual account (Moodle e-mails the password); returns its id. */
    public long createUser(String email, String firstName, String lastName) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("users[0][username]", email.toLowerCase(java.util.Locale.ROOT));
        params.put("users[0][email]", email);
        params.put("users[0][firstname]", firstName);
        params.put("users[0][lastname]", lastName);
        params.put("users[0][auth]", "manual");
        params.put("users[0][createpassword]", "1");
        JsonNode created = call("core_user_create_users", params);
        if (!created.isArray() || created.isEmpty() || created.get(0).get("id") == null) {
            throw new MoodleException("response", "core_user_create_users answered without a user id");
        }
        return created.get(0).get("id").asLong();
    }

    /** timeStart / timeEnd in Unix seconds; 0 = not set. */
    public void enrol(long userId, long courseId, long roleId, long timeStart, long timeEnd) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("enrolments[0][roleid]", Long.toString(roleId));
        params.put("enrolments[0][userid]", Long.toString(userId));
        params.put("enrolments[0][courseid]", Long.toString(courseId));
        if (timeStart > 0) {
            params.put("enrolments[0][timestart]", Long.toString(timeStart));
        }
        if (timeEnd > 0) {
            params.put("enrolments[0][timeend]", Long.toString(timeEnd));
        }
        call("enrol_manual_enrol_users", params);
    }

    /** Removes the user's manual enrolment from the course; nothing happens when there is none. */
    public void unenrol(long userId, long courseId) throws MoodleException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("enrolments[0][userid]", Long.toString(userId));
        params.put("enrolments[0][courseid]", Long.toString(courseId));
        call("enrol_manual_unenrol_users", params);
    }

    private JsonNode call(String function, Map<String, String> params) throws MoodleException {
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
        } catch (IOException e) {
            throw new MoodleException("network", function + ": Moodle could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoodleException("network", function + ": interrupted");
        }
        if (response.statusCode() != 200) {
            throw new MoodleException("http", function + ": Moodle answered HTTP " + response.statusCode()
                    + (response.statusCode() == 404 ? " (is the REST protocol enabled?)" : ""));
        }
        String text = response.body().trim();
        if (text.isEmpty() || text.equals("null")) {
            return JSON.nullNode();
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new MoodleException("response", function + ": Moodle answered something that is not JSON");
        }
        if (json.isObject() && json.has("exception")) {
            String code = json.path("errorcode").asString("");
            throw new MoodleException(code, function + ": " + explain(code) + " (Moodle " + json.path("exception").asString("")
                    + "/" + code + ": " + json.path("message").asString("") + ")");
        }
        return json;
    }

    /** What to do about the errors an administrator meets when setting this up. */
    static String explain(String errorCode) {
        return switch (errorCode) {
            case "invalidtoken" -> "the token is unknown or expired: check passerelle.moodle.token";
            case "accessexception" -> "the token's web service does not allow this function: add it to the external service";
            case "nopermissions", "required_capability_exception" -> "the token's user lacks a capability";
            case "invalidrecord", "invalidcourseid" -> "unknown course: check the course id";
            case "wsnoinstance" -> "the course has no manual enrolment method: add one in the course's enrolment methods";
            case "wscannotenrol" -> "the role cannot be assigned through manual enrolment: check passerelle.moodle.role-id";
            case "invalidparameter" -> "Moodle refused a parameter";
            default -> "Moodle refused the call";
        };
    }
}
