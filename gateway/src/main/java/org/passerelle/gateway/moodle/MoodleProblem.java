package org.passerelle.gateway.moodle;

/**
 * Why an enrolment (or taking one back) did not go through, in words an administrator can act on: each constant has
 * a message {@code moodle.problem.<NAME>} (French and English, arguments: {0} course, {1} payer e-mail, {2} detail such
 * as the function or capability, {3} role id). Set-up problems are tried again on the schedule, so fixing Moodle is
 * enough; refusals about this payer that retrying can never change stop at once as NEEDS_ADMIN.
 */
public enum MoodleProblem {

    UNREACHABLE(false),
    NO_ANSWER(false),
    HTTP_ERROR(false),
    NOT_MOODLE(false),
    WEB_SERVICES_OFF(false),
    TOKEN(false),
    TOKEN_USER(false),
    ACCESS(false),
    CAPABILITY(false),
    COURSE_ACCESS(false),
    ROLE_ASSIGN(false),
    NO_MANUAL_METHOD(false),
    USERS_INVISIBLE(false),
    EMAILS_INVISIBLE(false),
    NO_ACCOUNT(false),
    NOT_CONFIRMED(false),
    UNCERTAIN(false),
    MOODLE_ERROR(false),
    /** The association's Moodle settings were removed after the order: tried again once they are set again. */
    NO_SITE(false),
    NO_EMAIL(true),
    EMAIL_REFUSED(true),
    ACCOUNT_HIDDEN(true),
    CREATE_REFUSED(true),
    SEVERAL_ACCOUNTS(true),
    UNKNOWN_COURSE(true),
    USER_GONE(true);

    private final boolean needsAdmin;

    MoodleProblem(boolean needsAdmin) {
        this.needsAdmin = needsAdmin;
    }

    /** A refusal that can never succeed by trying again: stop at once and tell the administrator. */
    public boolean needsAdmin() {
        return needsAdmin;
    }

    public String messageKey() {
        return "moodle.problem." + name();
    }

    /** A problem and its detail ({2} in the message). */
    public record Diagnosis(MoodleProblem problem, String detail) {
    }

    /** What a failed call means, from the function called and Moodle's answer (codes observed on Moodle 4.5). */
    public static Diagnosis of(MoodleException e) {
        String function = e.function();
        return switch (e.kind()) {
            case UNREACHABLE -> new Diagnosis(UNREACHABLE, "");
            case NO_ANSWER -> new Diagnosis(function.equals(MoodleClient.ENROL) || function.equals(MoodleClient.UNENROL)
                    || function.equals(MoodleClient.CREATE_USERS) ? UNCERTAIN : NO_ANSWER, "");
            case UNREADABLE -> new Diagnosis(MOODLE_ERROR, "");
            case HTTP -> switch (e.httpStatus()) {
                case 403 -> new Diagnosis(WEB_SERVICES_OFF, "");
                case 404 -> new Diagnosis(NOT_MOODLE, "");
                default -> new Diagnosis(HTTP_ERROR, Integer.toString(e.httpStatus()));
            };
            case REFUSED -> refused(e, function);
        };
    }

    private static Diagnosis refused(MoodleException e, String function) {
        String code = e.errorCode();
        if (code.startsWith("wsaccessuser")) {
            return new Diagnosis(TOKEN_USER, code);
        }
        return switch (code) {
            case "invalidtoken" -> new Diagnosis(TOKEN, "");
            case "accessexception" -> new Diagnosis(ACCESS, function);
            case "nopermissions" -> new Diagnosis(CAPABILITY, capabilityOf(function));
            case "requireloginerror" -> new Diagnosis(COURSE_ACCESS, "");
            case "wsusercannotassign" -> new Diagnosis(ROLE_ASSIGN, "");
            case "wsnoinstance" -> new Diagnosis(NO_MANUAL_METHOD, "");
            case "usernotconfirmed" -> new Diagnosis(NOT_CONFIRMED, "");
            case "invaliduser", "userdeleted" -> new Diagnosis(USER_GONE, "");
            // the only invalid parameter left once ours are valid: a course whose context does not exist
            case "invalidparameter" -> function.equals(MoodleClient.ENROL) || function.equals(MoodleClient.COURSE_PROFILES)
                    ? new Diagnosis(UNKNOWN_COURSE, "") : new Diagnosis(MOODLE_ERROR, code);
            case "invalidrecord", "invalidcourseid" -> function.equals(MoodleClient.UNENROL)
                    ? new Diagnosis(UNKNOWN_COURSE, "") : new Diagnosis(MOODLE_ERROR, code);
            default -> e.mayHaveWritten() && (function.equals(MoodleClient.ENROL) || function.equals(MoodleClient.UNENROL))
                    ? new Diagnosis(UNCERTAIN, code) : new Diagnosis(MOODLE_ERROR, code);
        };
    }

    /** The capability Moodle checks when it answers nopermissions to this function. */
    static String capabilityOf(String function) {
        return switch (function) {
            case MoodleClient.ENROL -> "enrol/manual:enrol";
            case MoodleClient.UNENROL -> "enrol/manual:unenrol";
            case MoodleClient.CREATE_USERS -> "moodle/user:create";
            default -> "";
        };
    }
}
