package org.passerelle.gateway.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Moodle site's web-service endpoint, following Moodle's documented REST formats: form-encoded requests to
 * /webservice/rest/server.php, JSON answers, and errors as an exception object with HTTP 200 (invalid token, function
 * not in the service, missing capability, unknown course). Only the three functions Passerelle calls exist.
 */
public final class MoodleDouble implements AutoCloseable {

    public static final String TOKEN = "0123456789abcdef0123456789abcdef";

    public record User(long id, String username, String email, String firstName, String lastName) {
    }

    public record Enrolment(long userId, long courseId, long roleId, long timeStart, long timeEnd) {
    }

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(100);
    private final Map<String, User> usersByEmail = new ConcurrentHashMap<>();
    private final Set<Long> courses = ConcurrentHashMap.newKeySet();
    private final Map<String, Enrolment> enrolments = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Set<String> deniedCapabilities = ConcurrentHashMap.newKeySet();
    private volatile String validToken = TOKEN;

    private MoodleDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webservice/rest/server.php", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String answer = answer(form(body));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public static MoodleDouble start() {
        try {
            return new MoodleDouble();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public MoodleDouble course(long id) {
        courses.add(id);
        return this;
    }

    public User user(String email, String firstName, String lastName) {
        User user = new User(ids.incrementAndGet(), email.toLowerCase(), email, firstName, lastName);
        usersByEmail.put(email.toLowerCase(), user);
        return user;
    }

    public User userByEmail(String email) {
        return usersByEmail.get(email.toLowerCase());
    }

    /** Makes the real token invalid (as after it was deleted in Moodle), or valid again. */
    public MoodleDouble tokenRevoked(boolean revoked) {
        validToken = revoked ? "revoked-" + TOKEN : TOKEN;
        return this;
    }

    /** The token's user loses (or gets back) the capability a function needs. */
    public MoodleDouble deny(String function, boolean denied) {
        if (denied) {
            deniedCapabilities.add(function);
        } else {
            deniedCapabilities.remove(function);
        }
        return this;
    }

    public List<Enrolment> enrolments(long courseId) {
        return enrolments.values().stream().filter(e -> e.courseId() == courseId).toList();
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    public long calls(String function) {
        return calls.stream().filter(function::equals).count();
    }

    private synchronized String answer(Map<String, String> form) {
        String function = form.getOrDefault("wsfunction", "");
        calls.add(function);
        if (!"json".equals(form.get("moodlewsrestformat"))) {
            return "<?xml version=\"1.0\"?><EXCEPTION/>";
        }
        if (!validToken.equals(form.get("wstoken"))) {
            return error("moodle_exception", "invalidtoken", "Invalid token - token not found");
        }
        if (deniedCapabilities.contains(function)) {
            return error("required_capability_exception", "nopermissions",
                    "Sorry, but you do not currently have permissions to do that (" + function + ").");
        }
        return switch (function) {
            case "core_user_get_users_by_field" -> usersByField(form);
            case "core_user_create_users" -> createUser(form);
            case "enrol_manual_enrol_users" -> enrol(form);
            case "enrol_manual_unenrol_users" -> unenrol(form);
            default -> error("webservice_access_exception", "accessexception", "Access control exception");
        };
    }

    private String usersByField(Map<String, String> form) {
        if (!"email".equals(form.get("field"))) {
            return "[]";
        }
        User user = usersByEmail.get(form.getOrDefault("values[0]", "").toLowerCase());
        if (user == null) {
            return "[]";
        }
        return "[{\"id\":" + user.id() + ",\"username\":\"" + user.username() + "\",\"firstname\":\"" + user.firstName()
                + "\",\"lastname\":\"" + user.lastName() + "\",\"fullname\":\"" + user.firstName() + " " + user.lastName()
                + "\",\"email\":\"" + user.email() + "\",\"auth\":\"manual\",\"confirmed\":true,\"suspended\":false}]";
    }

    private String createUser(Map<String, String> form) {
        String username = form.get("users[0][username]");
        String email = form.get("users[0][email]");
        if (username == null || email == null || form.get("users[0][firstname]") == null
                || form.get("users[0][lastname]") == null) {
            return error("invalid_parameter_exception", "invalidparameter", "Invalid parameter value detected");
        }
        if (usersByEmail.values().stream().anyMatch(u -> u.username().equals(username))) {
            return "{\"exception\":\"invalid_parameter_exception\",\"errorcode\":\"invalidparameter\","
                    + "\"message\":\"Invalid parameter value detected\",\"debuginfo\":\"Username already exists: " + username + "\"}";
        }
        User user = user(email, form.get("users[0][firstname]"), form.get("users[0][lastname]"));
        return "[{\"id\":" + user.id() + ",\"username\":\"" + user.username() + "\"}]";
    }

    private String enrol(Map<String, String> form) {
        long courseId = Long.parseLong(form.getOrDefault("enrolments[0][courseid]", "0"));
        long userId = Long.parseLong(form.getOrDefault("enrolments[0][userid]", "0"));
        if (!courses.contains(courseId)) {
            return error("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table course.");
        }
        if (usersByEmail.values().stream().noneMatch(u -> u.id() == userId)) {
            return error("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table user.");
        }
        enrolments.put(userId + "/" + courseId, new Enrolment(userId, courseId,
                Long.parseLong(form.getOrDefault("enrolments[0][roleid]", "0")),
                Long.parseLong(form.getOrDefault("enrolments[0][timestart]", "0")),
                Long.parseLong(form.getOrDefault("enrolments[0][timeend]", "0"))));
        return "null";
    }

    /** As Moodle: removing an enrolment that does not exist changes nothing and is no error. */
    private String unenrol(Map<String, String> form) {
        long courseId = Long.parseLong(form.getOrDefault("enrolments[0][courseid]", "0"));
        if (!courses.contains(courseId)) {
            return error("dml_missing_record_exception", "invalidrecord", "Can't find data record in database table course.");
        }
        enrolments.remove(form.getOrDefault("enrolments[0][userid]", "0") + "/" + courseId);
        return "null";
    }

    private static String error(String exception, String code, String message) {
        return "{\"exception\":\"" + exception + "\",\"errorcode\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
