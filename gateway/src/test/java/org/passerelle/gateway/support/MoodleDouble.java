package org.passerelle.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Moodle 4.5 site's web-service endpoint, built from what a real one answered call by call
 * ({@code shared/moodle/real-moodle.md}) and from Moodle's code where nobody ran it. Where this double and that sheet
 * disagree, the double is wrong. It models:
 * <ul>
 * <li>the server's checks, in Moodle's order: REST off → HTTP 403 with an empty body; unknown token →
 * {@code invalidtoken}; no {@code webservice/rest:use} or a function outside the service → {@code accessexception};
 * then parameter validation ({@code invalidparameter}); {@code debuginfo} only in debug mode;</li>
 * <li>the token's role: its capabilities, the roles it may assign ({@code moodle/role:assign} and <i>Allow role
 * assignments</i> both needed), whether it sees other users and their e-mails (guest account included);</li>
 * <li>{@code core_user_get_users}: case-insensitive LIKE on e-mails, invisible users left out;
 * {@code core_user_get_users_by_field}: exact, case-sensitive;</li>
 * <li>{@code core_user_create_users}: the username rule, unique usernames, no two accounts with one e-mail in any
 * letter case, the reason only in debuginfo;</li>
 * <li>{@code core_user_get_course_user_profiles}: roles in the course and active courses, "active" compared with the
 * time rounded to 100 seconds as Moodle's course lists do ({@code round(time(), -2)});</li>
 * <li>{@code enrol_manual_enrol_users}: updates the manual enrolment's dates to the ones sent and adds the role,
 * keeping the others; a welcome message per call; commit then error (or then a timeout) on demand;</li>
 * <li>{@code enrol_manual_unenrol_users}: removes the whole manual enrolment, and every role in the course when it was
 * the user's last enrolment there.</li>
 * </ul>
 */
public final class MoodleDouble implements AutoCloseable {

    public static final String TOKEN = "0123456789abcdef0123456789abcdef";
    public static final long GUEST = 1;
    public static final long TOKEN_USER = 2;
    public static final long TEACHER = 3;
    public static final long NON_EDITING_TEACHER = 4;
    public static final long STUDENT = 5;

    /** What a real administrator sets up, following docs/moodle.md (and shared/moodle/kit/setup-ws.php). */
    public static final Set<String> FULL_SET_UP = Set.of("webservice/rest:use", "moodle/user:viewdetails",
            "moodle/site:viewuseridentity", "moodle/course:view", "moodle/course:viewhiddencourses",
            "enrol/manual:enrol", "enrol/manual:unenrol", "moodle/role:assign", "moodle/user:create");
    public static final Set<String> ALL_FUNCTIONS = Set.of("core_webservice_get_site_info", "core_user_get_users",
            "core_user_get_users_by_field", "core_user_create_users", "core_user_get_course_user_profiles",
            "enrol_manual_enrol_users", "enrol_manual_unenrol_users");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern USERNAME_CHARS = Pattern.compile("[-.@_a-z0-9]*");
    private static final Map<Long, String> ROLE_NAMES = Map.of(1L, "manager", 2L, "coursecreator", TEACHER,
            "editingteacher", NON_EDITING_TEACHER, "teacher", STUDENT, "student", 6L, "guest", 7L, "user");

    public record User(long id, String username, String email, String firstName, String lastName, boolean confirmed,
            boolean emailShownToEveryone) {
    }

    /** A manual enrolment (its dates in Unix seconds, 0 = none) and the user's roles in that course. */
    public record Enrolment(long userId, long courseId, long timeStart, long timeEnd, boolean suspended, Set<Long> roles) {

        /** The first role, for tests that expect one. */
        public long roleId() {
            return roles.isEmpty() ? 0 : roles.iterator().next();
        }
    }

    public enum Manual { ENABLED, DISABLED, NONE }

    private record Course(long id, boolean visible, Manual manual) {
    }

    /** An enrolment by another method than manual (self enrolment, cohort…), which unenrol never touches. */
    private record Other(long timeStart, long timeEnd) {
    }

    private record Key(long userId, long courseId) {
    }

    public record Call(String function, Map<String, String> params) {

        /** Whether one of the call's parameters is one of these values (an e-mail, a user or course id). */
        public boolean mentions(Object... values) {
            for (Object value : values) {
                if (params.containsValue(String.valueOf(value))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(100);
    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final Map<Long, Course> courses = new ConcurrentHashMap<>();
    private final Map<Key, Enrolment> manual = new ConcurrentHashMap<>();
    private final Map<Key, Other> others = new ConcurrentHashMap<>();
    private final Map<Key, Set<Long>> roles = new ConcurrentHashMap<>();
    private final Map<Key, Integer> welcomes = new ConcurrentHashMap<>();
    private final List<String> mailed = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Long> hidden = ConcurrentHashMap.newKeySet();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();

    private volatile Set<String> capabilities = new HashSet<>(FULL_SET_UP);
    private volatile Set<Long> assignable = Set.of(STUDENT);
    private volatile Set<String> functions = new HashSet<>(ALL_FUNCTIONS);
    private volatile boolean emailIdentity = true;
    private volatile boolean rest = true;
    private volatile boolean debug = false;
    private volatile boolean allowSameEmail = false;
    private volatile String validToken = TOKEN;
    private volatile LongSupplier now = () -> System.currentTimeMillis() / 1000;
    private final Map<String, Duration> commitThenWait = new ConcurrentHashMap<>();
    private final Set<String> commitThenError = ConcurrentHashMap.newKeySet();

    private MoodleDouble() throws IOException {
        users.put(GUEST, new User(GUEST, "guest", "root@localhost", "Guest user", " ", true, false));
        users.put(TOKEN_USER, new User(TOKEN_USER, "passerelle", "passerelle@example.com", "Passerelle", "Gateway",
                true, false));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webservice/rest/server.php", this::handle);
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

    // ---- the site's content

    /** Moodle's clock (Unix seconds), which decides whether an enrolment is active. */
    public MoodleDouble clock(LongSupplier seconds) {
        this.now = seconds;
        return this;
    }

    /** A visible course with an enabled manual enrolment method. */
    public MoodleDouble course(long id) {
        return course(id, true, Manual.ENABLED);
    }

    public MoodleDouble course(long id, boolean visible, Manual method) {
        courses.put(id, new Course(id, visible, method));
        return this;
    }

    /** An account as a Moodle user or administrator would make it (username = e-mail in lower case, e-mail hidden). */
    public User user(String email, String firstName, String lastName) {
        return add(email.toLowerCase(Locale.ROOT) + "-" + ids.get(), email, firstName, lastName, true);
    }

    /** An account with a chosen username (its holder may have another e-mail than the username suggests). */
    public User userNamed(String username, String email, String firstName, String lastName) {
        return add(username, email, firstName, lastName, true);
    }

    /** Self-registered, the confirmation link not followed yet. */
    public User unconfirmedUser(String email, String firstName, String lastName) {
        return add(email.toLowerCase(Locale.ROOT) + "-" + ids.get(), email, firstName, lastName, false);
    }

    private User add(String username, String email, String first, String last, boolean confirmed) {
        User user = new User(ids.incrementAndGet(), username, email, first, last, confirmed, false);
        users.put(user.id(), user);
        return user;
    }

    /**
     * The token may not see this user (e.g. moodle/user:viewdetails prohibited in that user's context): Moodle then
     * answers lookups as if the user did not exist.
     */
    public MoodleDouble hide(long userId) {
        hidden.add(userId);
        return this;
    }

    /** An administrator deletes the account: it disappears from lookups and its e-mail is free again. */
    public MoodleDouble delete(long userId) {
        deleted.add(userId);
        return this;
    }

    public MoodleDouble confirm(long userId) {
        users.computeIfPresent(userId, (id, u) -> new User(id, u.username(), u.email(), u.firstName(), u.lastName(),
                true, u.emailShownToEveryone()));
        return this;
    }

    /** An administrator's manual enrolment (as from the course's Participants page). */
    public MoodleDouble enrolByHand(long userId, long courseId, long roleId, long timeStart, long timeEnd) {
        Key key = new Key(userId, courseId);
        manual.put(key, new Enrolment(userId, courseId, timeStart, timeEnd, false, Set.of()));
        roles.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(roleId);
        return this;
    }

    /** An enrolment by another method (self enrolment) with the student role. */
    public MoodleDouble enrolBySelf(long userId, long courseId, long timeStart, long timeEnd) {
        Key key = new Key(userId, courseId);
        others.put(key, new Other(timeStart, timeEnd));
        roles.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(STUDENT);
        return this;
    }

    public MoodleDouble assignRole(long userId, long courseId, long roleId) {
        roles.computeIfAbsent(new Key(userId, courseId), k -> ConcurrentHashMap.newKeySet()).add(roleId);
        return this;
    }

    public MoodleDouble suspendEnrolment(long userId, long courseId) {
        manual.computeIfPresent(new Key(userId, courseId), (k, e) ->
                new Enrolment(e.userId(), e.courseId(), e.timeStart(), e.timeEnd(), true, Set.of()));
        return this;
    }

    // ---- what tests look at

    public Optional<User> userByEmail(String email) {
        return usersWithEmail(email).stream().findFirst();
    }

    /** The accounts (not deleted) with this e-mail, in any letter case. */
    public List<User> usersWithEmail(String email) {
        return users.values().stream().filter(u -> !deleted.contains(u.id()) && u.email().equalsIgnoreCase(email)).toList();
    }

    /** The manual enrolments of a course, each with the user's roles there. */
    public List<Enrolment> enrolments(long courseId) {
        return manual.values().stream().filter(e -> e.courseId() == courseId).map(this::withRoles).toList();
    }

    public Optional<Enrolment> enrolment(long userId, long courseId) {
        return Optional.ofNullable(manual.get(new Key(userId, courseId))).map(this::withRoles);
    }

    private Enrolment withRoles(Enrolment e) {
        return new Enrolment(e.userId(), e.courseId(), e.timeStart(), e.timeEnd(), e.suspended(),
                Set.copyOf(new TreeSet<>(roles.getOrDefault(new Key(e.userId(), e.courseId()), Set.of()))));
    }

    public Set<Long> roles(long userId, long courseId) {
        return Set.copyOf(roles.getOrDefault(new Key(userId, courseId), Set.of()));
    }

    /** Whether the user can enter the course now (an active enrolment by any method, at the exact time). */
    public boolean active(long userId, long courseId) {
        long t = now.getAsLong();
        return activeAt(userId, courseId, t + 1, t);
    }

    /**
     * Whether the course is in the user's list of active courses (My courses, course profiles): Moodle compares with
     * the time rounded to 100 seconds there ({@code round(time(), -2)}), and wants the start strictly before it.
     */
    boolean listedAsActive(long userId, long courseId) {
        long rounded = Math.round(now.getAsLong() / 100.0) * 100;
        return activeAt(userId, courseId, rounded, rounded);
    }

    /** An enrolment (any method, not suspended) started before {@code startedBefore} and not ended by {@code endsAfter}. */
    private boolean activeAt(long userId, long courseId, long startedBefore, long endsAfter) {
        Key key = new Key(userId, courseId);
        Enrolment m = manual.get(key);
        Other o = others.get(key);
        return (m != null && !m.suspended() && m.timeStart() < startedBefore && (m.timeEnd() == 0 || m.timeEnd() > endsAfter))
                || (o != null && o.timeStart() < startedBefore && (o.timeEnd() == 0 || o.timeEnd() > endsAfter));
    }

    /** How many times Moodle sent its welcome message for this enrolment (once per enrol call). */
    public int welcomeMessages(long userId, long courseId) {
        return welcomes.getOrDefault(new Key(userId, courseId), 0);
    }

    /** E-mails to which Moodle sent a new account's password. */
    public List<String> passwordsMailed() {
        return List.copyOf(mailed);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long calls(String function) {
        return calls.stream().filter(c -> c.function().equals(function)).count();
    }

    // ---- the set-up, as an administrator may get it wrong

    /** The token's role loses this capability (null restores the full set-up). */
    public MoodleDouble without(String capability) {
        Set<String> reduced = new HashSet<>(FULL_SET_UP);
        if (capability != null) {
            reduced.remove(capability);
        }
        capabilities = reduced;
        return this;
    }

    /** Which roles the token's role may assign (Define roles > Allow role assignments). */
    public MoodleDouble mayAssign(Long... roleIds) {
        assignable = Set.of(roleIds);
        return this;
    }

    /** Whether {@code email} is ticked in Show user identity. */
    public MoodleDouble emailInUserIdentity(boolean shown) {
        emailIdentity = shown;
        return this;
    }

    public MoodleDouble restProtocol(boolean enabled) {
        rest = enabled;
        return this;
    }

    public MoodleDouble debugMode(boolean on) {
        debug = on;
        return this;
    }

    public MoodleDouble allowAccountsSameEmail(boolean allowed) {
        allowSameEmail = allowed;
        return this;
    }

    public MoodleDouble withoutFunction(String function) {
        Set<String> reduced = new HashSet<>(ALL_FUNCTIONS);
        reduced.remove(function);
        functions = reduced;
        return this;
    }

    /** Makes the real token invalid (as after it was deleted in Moodle), or valid again. */
    public MoodleDouble tokenRevoked(boolean revoked) {
        validToken = revoked ? "revoked-" + TOKEN : TOKEN;
        return this;
    }

    /** Back to a set-up done as docs/moodle.md says. */
    public MoodleDouble fullSetUp() {
        capabilities = new HashSet<>(FULL_SET_UP);
        assignable = Set.of(STUDENT);
        functions = new HashSet<>(ALL_FUNCTIONS);
        emailIdentity = true;
        rest = true;
        debug = false;
        allowSameEmail = false;
        validToken = TOKEN;
        commitThenError.clear();
        commitThenWait.clear();
        return this;
    }

    /** The next call of {@code function} saves its work, then answers an error (a welcome message that failed). */
    public MoodleDouble commitThenErrorOnNext(String function) {
        commitThenError.add(function);
        return this;
    }

    /** The next call of {@code function} saves its work, then answers only after {@code wait} (a timeout). */
    public MoodleDouble commitThenWaitOnNext(String function, Duration wait) {
        commitThenWait.put(function, wait);
        return this;
    }

    // ---- the web service

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> form = form(body);
        String function = form.getOrDefault("wsfunction", "");
        calls.add(new Call(function, Map.copyOf(form)));
        if (!rest) {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
            return;
        }
        String answer;
        Duration wait;
        synchronized (this) {
            answer = answer(function, form);
            wait = answer.startsWith("{\"exception\"") ? null : commitThenWait.remove(function);
            if (wait == null && !answer.startsWith("{\"exception\"") && commitThenError.remove(function)) {
                answer = error("core\\exception\\moodle_exception", "Message was not sent.", "error/Message was not sent.", null);
            }
        }
        if (wait != null) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        try {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException gone) {
            // the client gave up waiting: Moodle's work is saved all the same
        }
        exchange.close();
    }

    private String answer(String function, Map<String, String> form) {
        if (!"json".equals(form.get("moodlewsrestformat"))) {
            return "<?xml version=\"1.0\"?><EXCEPTION/>";
        }
        if (!validToken.equals(form.get("wstoken"))) {
            return error("core\\exception\\moodle_exception", "invalidtoken", "Invalid token - token not found", null);
        }
        if (!capabilities.contains("webservice/rest:use")) {
            return error("webservice_access_exception", "accessexception", "Access control exception",
                    "You are not allowed to use the rest protocol (missing capability: webservice/rest:use)");
        }
        if (!functions.contains(function)) {
            return error("webservice_access_exception", "accessexception", "Access control exception",
                    "Access to the function " + function + "() is not allowed.");
        }
        try {
            return switch (function) {
                case "core_webservice_get_site_info" -> siteInfo();
                case "core_user_get_users" -> getUsers(form);
                case "core_user_get_users_by_field" -> usersByField(form);
                case "core_user_create_users" -> createUsers(form);
                case "core_user_get_course_user_profiles" -> courseProfiles(form);
                case "enrol_manual_enrol_users" -> enrol(form);
                case "enrol_manual_unenrol_users" -> unenrol(form);
                default -> throw new Refused("webservice_access_exception", "accessexception", "Access control exception", "");
            };
        } catch (Refused r) {
            return error(r.exception, r.code, r.getMessage(), r.debuginfo);
        }
    }

    private static final class Refused extends Exception {

        final String exception;
        final String code;
        final String debuginfo;

        Refused(String exception, String code, String message, String debuginfo) {
            super(message);
            this.exception = exception;
            this.code = code;
            this.debuginfo = debuginfo;
        }
    }

    private static Refused invalidParameter(String why) {
        return new Refused("core\\exception\\invalid_parameter_exception", "invalidparameter",
                "Invalid parameter value detected", why);
    }

    private static Refused noPermission(String capabilityName) {
        return new Refused("core\\exception\\required_capability_exception", "nopermissions",
                "Sorry, but you do not currently have permissions to do that (" + capabilityName + ").", null);
    }

    private String siteInfo() throws Refused {
        User me = users.get(TOKEN_USER);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sitename", "Moodle double");
        info.put("username", me.username());
        info.put("firstname", me.firstName());
        info.put("lastname", me.lastName());
        info.put("fullname", me.firstName() + " " + me.lastName());
        info.put("lang", "en");
        info.put("userid", me.id());
        info.put("siteurl", url());
        info.put("functions", functions.stream().sorted().map(f -> Map.of("name", f, "version", "2024100706")).toList());
        info.put("release", "4.5.6 (Build: 20250811)");
        info.put("version", "2024100706");
        info.put("userissiteadmin", false);
        info.put("userprivateaccesskey", "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f");
        return json(info);
    }

    /** What the token sees of a user: null when it may not see the user at all. */
    private Map<String, Object> details(User user) {
        if (deleted.contains(user.id())) {
            return null;
        }
        boolean self = user.id() == TOKEN_USER;
        if (!self && (!capabilities.contains("moodle/user:viewdetails") || hidden.contains(user.id()))) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", user.id());
        details.put("firstname", user.firstName());
        details.put("lastname", user.lastName());
        details.put("fullname", user.firstName() + " " + user.lastName());
        if (self || user.emailShownToEveryone()
                || (emailIdentity && capabilities.contains("moodle/site:viewuseridentity"))) {
            details.put("email", user.email());
        }
        if (self) {
            details.put("username", user.username());
        }
        details.put("suspended", false);
        return details;
    }

    private String getUsers(Map<String, String> form) throws Refused {
        String key = form.get("criteria[0][key]");
        String value = form.get("criteria[0][value]");
        if (key == null || value == null) {
            throw invalidParameter("criteria => Missing required key in single structure: key");
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (User user : users.values().stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList()) {
            boolean matches = switch (key) {
                case "id" -> Long.toString(user.id()).equals(value);
                // PARAM_EMAIL turns an address Moodle refuses into '': LIKE '' matches no visible e-mail
                case "email" -> validEmail(value) && like(user.email(), value);
                default -> false;
            };
            Map<String, Object> details = matches ? details(user) : null;
            if (details != null && details.get(key) != null) {
                found.add(details);
            }
        }
        return json(Map.of("users", found, "warnings", List.of()));
    }

    /** SQL LIKE, case-insensitive, as Moodle's sql_like(…, false): % any run, _ one character. */
    private static boolean like(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(text).matches();
    }

    private String usersByField(Map<String, String> form) throws Refused {
        String field = form.getOrDefault("field", "");
        String value = form.getOrDefault("values[0]", "");
        List<Map<String, Object>> found = new ArrayList<>();
        for (User user : users.values()) {
            boolean matches = switch (field) {
                case "id" -> Long.toString(user.id()).equals(value);
                case "email" -> user.email().equals(value);   // exact: case-sensitive on PostgreSQL
                case "username" -> user.username().equals(value);
                default -> false;
            };
            Map<String, Object> details = matches ? details(user) : null;
            if (details != null && details.get(field) != null) {
                found.add(details);
            }
        }
        return json(found);
    }

    private String createUsers(Map<String, String> form) throws Refused {
        String username = form.get("users[0][username]");
        String email = form.get("users[0][email]");
        String first = form.get("users[0][firstname]");
        String last = form.get("users[0][lastname]");
        if (username == null || email == null || first == null || last == null) {
            throw invalidParameter("users => Missing required key in single structure");
        }
        // the server's parameter validation: PARAM_USERNAME and PARAM_EMAIL must leave the value unchanged
        if (!username.equals(username.trim().toLowerCase(Locale.ROOT)) || !USERNAME_CHARS.matcher(username).matches()) {
            throw invalidParameter("users => Invalid parameter value detected: username => Invalid parameter value "
                    + "detected: Invalid external api parameter: the value is \"" + username
                    + "\", the server was expecting \"username\" type");
        }
        if (!email.isEmpty() && !validEmail(email)) {
            throw invalidParameter("users => Invalid parameter value detected: email => Invalid parameter value "
                    + "detected: Invalid external api parameter: the value is \"" + email
                    + "\", the server was expecting \"email\" type");
        }
        if (!capabilities.contains("moodle/user:create")) {
            throw noPermission("Create users");
        }
        for (String field : new String[] {username, first, last}) {
            if (field.trim().isEmpty()) {
                throw invalidParameter("The field cannot be blank");
            }
        }
        if (users.values().stream().anyMatch(u -> u.username().equals(username))) {
            throw invalidParameter("Username already exists: " + username);
        }
        if (!"1".equals(form.get("users[0][createpassword]")) && form.get("users[0][password]") == null) {
            throw invalidParameter("Invalid password: you must provide a password, or set createpassword.");
        }
        if (!validEmail(email)) {
            throw invalidParameter("Email address is invalid: " + email);
        }
        if (!allowSameEmail && users.values().stream()
                .anyMatch(u -> !deleted.contains(u.id()) && u.email().equalsIgnoreCase(email))) {
            throw invalidParameter("Email address already exists: " + email);
        }
        User user = new User(ids.incrementAndGet(), username, email, first, last, true, false);
        users.put(user.id(), user);
        mailed.add(email);
        return json(List.of(Map.of("id", user.id(), "username", username)));
    }

    /** PHP's FILTER_VALIDATE_EMAIL, closely enough: ASCII only, one @, no spaces nor angle brackets. */
    private static boolean validEmail(String email) {
        int at = email.indexOf('@');
        return at > 0 && at == email.lastIndexOf('@') && at < email.length() - 1 && !email.contains("..")
                && email.chars().allMatch(c -> c > 32 && c < 127 && c != '<' && c != '>' && c != '(' && c != ')');
    }

    private Course reachable(long courseId, boolean missingIsInvalidParameter) throws Refused {
        Course course = courses.get(courseId);
        if (course == null) {
            throw missingIsInvalidParameter ? invalidParameter("Context does not exist")
                    : new Refused("dml_missing_record_exception", "invalidrecord",
                            "Can't find data record in database table course.", null);
        }
        if (!capabilities.contains("moodle/course:view")
                || (!course.visible() && !capabilities.contains("moodle/course:viewhiddencourses"))) {
            throw new Refused("core\\exception\\require_login_exception", "requireloginerror",
                    "Course or activity not accessible.", null);
        }
        return course;
    }

    private String courseProfiles(Map<String, String> form) throws Refused {
        long userId = number(form, "userlist[0][userid]");
        long courseId = number(form, "userlist[0][courseid]");
        reachable(courseId, true);
        User user = users.get(userId);
        Map<String, Object> details = user == null ? null : details(user);
        if (details == null) {
            return "[]";
        }
        Key key = new Key(userId, courseId);
        details.put("roles", new TreeSet<>(roles.getOrDefault(key, Set.of())).stream()
                .map(r -> Map.of("roleid", r, "name", "", "shortname", ROLE_NAMES.getOrDefault(r, "role" + r), "sortorder", 0))
                .toList());
        List<Map<String, Object>> active = courses.keySet().stream().sorted()
                .filter(c -> courses.get(c).visible() && listedAsActive(userId, c))
                .map(c -> Map.<String, Object>of("id", c, "fullname", "Course " + c, "shortname", "C" + c)).toList();
        if (!active.isEmpty()) {
            details.put("enrolledcourses", active);
        }
        return json(List.of(details));
    }

    private User activeUser(long userId) throws Refused {
        User user = users.get(userId);
        if (user == null) {
            throw new Refused("dml_missing_record_exception", "invaliduser", "Invalid user", null);
        }
        if (deleted.contains(userId)) {
            throw new Refused("core\\exception\\moodle_exception", "userdeleted", "This user account has been deleted", null);
        }
        if (!user.confirmed()) {
            throw new Refused("core\\exception\\moodle_exception", "usernotconfirmed", "error/usernotconfirmed", null);
        }
        if (user.id() == GUEST) {
            throw new Refused("core\\exception\\moodle_exception", "guestsarenotallowed", "error/guestsarenotallowed", null);
        }
        return user;
    }

    private String enrol(Map<String, String> form) throws Refused {
        long roleId = number(form, "enrolments[0][roleid]");
        long userId = number(form, "enrolments[0][userid]");
        long courseId = number(form, "enrolments[0][courseid]");
        Course course = reachable(courseId, true);
        if (!capabilities.contains("enrol/manual:enrol")) {
            throw noPermission("Enrol users");
        }
        activeUser(userId);
        if (!capabilities.contains("moodle/role:assign") || !assignable.contains(roleId)) {
            throw new Refused("core\\exception\\moodle_exception", "wsusercannotassign",
                    "You don't have the permission to assign this role (" + roleId + ") to this user (" + userId
                            + ") in this course (" + courseId + ").", null);
        }
        if (course.manual() != Manual.ENABLED) {
            throw new Refused("core\\exception\\moodle_exception", "wsnoinstance",
                    "Manual enrolment plugin instance doesn't exist or is disabled for the course (id = " + courseId + ")",
                    null);
        }
        Key key = new Key(userId, courseId);
        long start = Long.parseLong(form.getOrDefault("enrolments[0][timestart]", "0"));
        long end = Long.parseLong(form.getOrDefault("enrolments[0][timeend]", "0"));
        boolean suspend = !"0".equals(form.getOrDefault("enrolments[0][suspend]", "0"));
        // an existing manual enrolment takes exactly the dates sent; the role is added to the user's others
        manual.put(key, new Enrolment(userId, courseId, start, end, suspend, Set.of()));
        roles.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(roleId);
        welcomes.merge(key, 1, Integer::sum);
        return "null";
    }

    /** As Moodle: removing an enrolment that does not exist changes nothing and is no error. */
    private String unenrol(Map<String, String> form) throws Refused {
        long userId = number(form, "enrolments[0][userid]");
        long courseId = number(form, "enrolments[0][courseid]");
        Course course = reachable(courseId, false);
        if (!capabilities.contains("enrol/manual:unenrol")) {
            throw noPermission("Unenrol users from the course");
        }
        if (course.manual() == Manual.NONE) {
            throw new Refused("core\\exception\\moodle_exception", "wsnoinstance",
                    "Manual enrolment plugin instance doesn't exist or is disabled for the course (id = " + courseId + ")",
                    null);
        }
        activeUser(userId);
        Key key = new Key(userId, courseId);
        if (manual.remove(key) != null && !others.containsKey(key)) {
            roles.remove(key);   // the last enrolment in the course: every role goes with it
        }
        return "null";
    }

    private static long number(Map<String, String> form, String name) throws Refused {
        try {
            return Long.parseLong(form.getOrDefault(name, ""));
        } catch (NumberFormatException e) {
            throw invalidParameter(name + " => Invalid parameter value detected");
        }
    }

    private String error(String exception, String code, String message, String debuginfo) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("exception", exception);
        error.put("errorcode", code);
        error.put("message", message);
        if (debug && debuginfo != null) {
            error.put("debuginfo", debuginfo);
        }
        return json(error);
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
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
