package org.passerelle.gateway.moodle;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.passerelle.gateway.audit.AuditAction;
import org.passerelle.gateway.audit.AuditEvent;
import org.passerelle.gateway.audit.AuditLog;
import org.passerelle.gateway.config.UtcClock;
import org.passerelle.gateway.refund.RefundProperties;
import org.springframework.stereotype.Component;

/**
 * The console's "test connection": calls Moodle with the configured token and reports, one line each, what it can
 * find missing. Every probe changes nothing in Moodle: each is a call Moodle refuses after the check it tests (read in
 * Moodle 4.5's code, observed on a real site), e.g. enrolling user 0 is refused as {@code invaliduser} only once the
 * course, {@code moodle/course:view} and {@code enrol/manual:enrol} have passed. Whether the token's role may assign
 * the enrolment role cannot be probed that way: the report says so.
 */
@Component
public class MoodleConnectionCheck {

    public enum Result { OK, MISSING, WARNING, NOT_CHECKED }

    /** One line: {@code moodle.check.<key>.<result>} with {0} = detail, {1} = role id. */
    public record Check(String key, Result result, String detail) implements Serializable {

        public String messageKey() {
            return "moodle.check." + key + "." + result;
        }
    }

    public record Report(OffsetDateTime at, String siteUrl, String tokenUser, String release, long roleId,
            List<Check> checks) implements Serializable {

        public boolean allOk() {
            return checks.stream().allMatch(c -> c.result() == Result.OK || c.result() == Result.NOT_CHECKED);
        }

        public long missing() {
            return checks.stream().filter(c -> c.result() == Result.MISSING).count();
        }
    }

    private final MoodleSites sites;
    private final MoodleProperties settings;
    private final RefundProperties refunds;
    private final AuditLog audit;
    private final UtcClock clock;

    public MoodleConnectionCheck(MoodleSites sites, MoodleProperties settings, RefundProperties refunds,
            AuditLog audit, UtcClock clock) {
        this.sites = sites;
        this.settings = settings;
        this.refunds = refunds;
        this.audit = audit;
        this.clock = clock;
    }

    /** The functions the configured association's use needs in the external service. */
    public List<String> requiredFunctions() {
        return requiredFunctions(settings.createUsers());
    }

    /** The functions a site's use needs in the external service. */
    public List<String> requiredFunctions(boolean createUsers) {
        List<String> functions = new ArrayList<>(List.of(MoodleClient.SITE_INFO, MoodleClient.FIND_USERS,
                MoodleClient.COURSE_PROFILES, MoodleClient.ENROL));
        if (createUsers) {
            functions.add(MoodleClient.CREATE_USERS);
        }
        if (refunds.moodleUnenrol()) {
            functions.add(MoodleClient.UNENROL);
        }
        return functions;
    }

    /** The configured association's site ({@code passerelle.moodle.*}). */
    public Report run(Long extraCourse, String actor) {
        return run(null, extraCourse, actor);
    }

    /**
     * Checks an organization's own site (null: the configured association's), never another's.
     *
     * @param extraCourse a course to check besides the configured ones (an API order's), or null
     */
    public Report run(String organizationSlug, Long extraCourse, String actor) {
        MoodleSite site = sites.forOrganization(organizationSlug).orElse(null);
        OffsetDateTime at = clock.now();
        List<Check> checks = new ArrayList<>();
        if (site == null) {
            checks.add(new Check("configured", Result.MISSING, ""));
            return new Report(at, "", "", "", settings.roleId(), checks);
        }
        MoodleClient client = sites.client(site);
        String tokenUser = "";
        String release = "";
        Set<String> functions = null;
        boolean anyCallWorked = false;
        try {
            MoodleClient.SiteInfo info = client.siteInfo();
            anyCallWorked = true;
            tokenUser = info.username() + " (" + info.fullName() + ", id " + info.userId() + ")";
            release = info.release();
            functions = info.functions();
            checks.add(new Check("connection", Result.OK, release));
            checks.add(new Check("tokenUser", info.siteAdmin() ? Result.WARNING : Result.OK, info.username()));
        } catch (MoodleException e) {
            MoodleProblem problem = MoodleProblem.of(e).problem();
            if (problem != MoodleProblem.ACCESS) {
                // nothing else can be learnt without a connection and a valid token
                checks.add(new Check("connection", Result.MISSING, problem.name()));
                return report(at, site, client, tokenUser, release, checks, actor);
            }
            checks.add(new Check("siteInfo", Result.MISSING, MoodleClient.SITE_INFO));
        }
        if (functions != null) {
            for (String function : requiredFunctions(site.createUsers())) {
                if (!functions.contains(function)) {
                    checks.add(new Check("function", Result.MISSING, function));
                }
            }
        }

        Outcome lookup = lookupVisibility(client, checks);
        anyCallWorked |= lookup == Outcome.ANSWERED;
        if (site.createUsers()) {
            Optional<MoodleException> refusal = client.probe(MoodleClient.CREATE_USERS, blankUser());
            String code = refusal.map(MoodleException::errorCode).orElse("");
            anyCallWorked |= !code.equals("accessexception");
            checks.add(switch (code) {
                case "invalidparameter" -> new Check("createUsers", Result.OK, "");
                case "nopermissions" -> new Check("createUsers", Result.MISSING, "moodle/user:create");
                case "accessexception" -> new Check("createUsers", Result.NOT_CHECKED, MoodleClient.CREATE_USERS);
                default -> new Check("createUsers", Result.WARNING, describe(refusal));
            });
        }

        Set<Long> courses = new LinkedHashSet<>(site.courses().values());
        if (extraCourse != null && extraCourse > 0) {
            courses.add(extraCourse);
        }
        if (courses.isEmpty()) {
            checks.add(new Check("courses", Result.NOT_CHECKED, ""));
        }
        for (long course : courses) {
            anyCallWorked |= course(client, site, course, checks);
        }
        checks.add(new Check("roleAssign", Result.NOT_CHECKED, Long.toString(site.roleId())));
        if (!anyCallWorked) {
            checks.add(new Check("restUse", Result.MISSING, "webservice/rest:use"));
        }
        return report(at, site, client, tokenUser, release, checks, actor);
    }

    private enum Outcome { ANSWERED, NOT_ALLOWED }

    private static Outcome lookupVisibility(MoodleClient client, List<Check> checks) {
        try {
            Optional<MoodleClient.User> guest = client.userById(MoodleClient.GUEST_USER_ID);
            if (guest.isEmpty()) {
                checks.add(new Check("viewDetails", Result.MISSING, "moodle/user:viewdetails"));
            } else if (guest.get().email() == null) {
                checks.add(new Check("viewEmails", Result.MISSING, "moodle/site:viewuseridentity"));
            } else {
                checks.add(new Check("viewEmails", Result.OK, ""));
            }
            return Outcome.ANSWERED;
        } catch (MoodleException e) {
            checks.add(new Check("viewEmails", Result.NOT_CHECKED, MoodleClient.FIND_USERS));
            return Outcome.NOT_ALLOWED;
        }
    }

    /** Returns whether Moodle answered anything else than "not allowed". */
    private boolean course(MoodleClient client, MoodleSite site, long course, List<Check> checks) {
        String id = Long.toString(course);
        boolean answered = false;
        Optional<MoodleException> enrol = client.probe(MoodleClient.ENROL,
                MoodleClient.enrolment(0, course, site.roleId(), 0, 0));
        String code = enrol.map(MoodleException::errorCode).orElse("?");
        answered |= !code.equals("accessexception");
        checks.add(switch (code) {
            case "invaliduser" -> new Check("courseEnrol", Result.OK, id);
            case "invalidparameter" -> new Check("courseExists", Result.MISSING, id);
            case "requireloginerror" -> new Check("courseView", Result.MISSING, id);
            case "nopermissions" -> new Check("courseEnrolCapability", Result.MISSING, id);
            case "accessexception" -> new Check("courseEnrol", Result.NOT_CHECKED, id);
            default -> new Check("courseEnrol", Result.WARNING, id + ": " + describe(enrol));
        });
        if (!code.equals("invaliduser")) {
            return answered;
        }
        Map<String, String> unenrol = new LinkedHashMap<>();
        unenrol.put("enrolments[0][userid]", "0");
        unenrol.put("enrolments[0][courseid]", id);
        Optional<MoodleException> removal = client.probe(MoodleClient.UNENROL, unenrol);
        String removalCode = removal.map(MoodleException::errorCode).orElse("?");
        checks.add(switch (removalCode) {
            // the unenrol function finds the manual method (enabled or not) before it looks at the user
            case "invaliduser" -> new Check("courseManual", Result.OK, id);
            case "wsnoinstance" -> new Check("courseManual", Result.MISSING, id);
            case "nopermissions" -> new Check("courseUnenrol", refunds.moodleUnenrol() ? Result.MISSING : Result.NOT_CHECKED, id);
            case "accessexception" -> new Check("courseManual", Result.NOT_CHECKED, id);
            default -> new Check("courseManual", Result.WARNING, id + ": " + describe(removal));
        });
        Map<String, String> profile = new LinkedHashMap<>();
        profile.put("userlist[0][userid]", Long.toString(MoodleClient.GUEST_USER_ID));
        profile.put("userlist[0][courseid]", id);
        Optional<MoodleException> profiles = client.probe(MoodleClient.COURSE_PROFILES, profile);
        checks.add(profiles.isEmpty() ? new Check("courseProfiles", Result.OK, id)
                : profiles.get().errorCode().equals("accessexception")
                        ? new Check("courseProfiles", Result.NOT_CHECKED, id)
                        : new Check("courseProfiles", Result.WARNING, id + ": " + describe(profiles)));
        return true;
    }

    /** A creation Moodle refuses after its capability check and before writing anything: a blank username. */
    private static Map<String, String> blankUser() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("users[0][username]", "");
        params.put("users[0][email]", "");
        params.put("users[0][firstname]", "");
        params.put("users[0][lastname]", "");
        return params;
    }

    private static String describe(Optional<MoodleException> refusal) {
        return refusal.map(Throwable::getMessage).orElse("accepted");
    }

    private Report report(OffsetDateTime at, MoodleSite site, MoodleClient client, String tokenUser, String release,
            List<Check> checks, String actor) {
        Report report = new Report(at, client.siteUrl(), tokenUser, release, site.roleId(), List.copyOf(checks));
        String summary = checks.stream().filter(c -> c.result() == Result.MISSING || c.result() == Result.WARNING)
                .map(c -> c.key() + " " + c.result() + (c.detail().isEmpty() ? "" : " (" + c.detail() + ")"))
                .reduce((a, b) -> a + "; " + b).orElse("everything checked is in place");
        audit.record((report.missing() == 0 ? AuditEvent.success(null, AuditAction.MOODLE_CHECK) : AuditEvent.error(null, AuditAction.MOODLE_CHECK))
                .actor(actor).message("Moodle connection check of " + client.siteUrl() + ": " + summary));
        return report;
    }
}
