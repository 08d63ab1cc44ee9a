package org.passerelle.gateway.moodle;

import java.util.Set;

/**
 * A web-service call that did not succeed: Moodle's exception object (which it answers with HTTP 200), another HTTP
 * status, or no answer at all. The message is technical (function, Moodle's class, code, message and, when the site
 * is in debug mode, its debuginfo); {@link MoodleProblem} says the same in plain words. The token never appears.
 */
public class MoodleException extends Exception {

    /** How the call ended. */
    public enum Kind {
        /** Moodle answered its exception object: {@link #errorCode()} says which. */
        REFUSED,
        /** Another HTTP status than 200 ({@link #httpStatus()}). */
        HTTP,
        /** The connection could not be made: nothing reached Moodle. */
        UNREACHABLE,
        /** Sent, but no (complete) answer came back in time: Moodle may have done it. */
        NO_ANSWER,
        /** HTTP 200 with something that is not the expected JSON. */
        UNREADABLE
    }

    /**
     * Codes Moodle raises before it writes anything (token and service checks, parameters, capabilities, the user and
     * course checks of enrol_manual_enrol_users, read in Moodle 4.5's code): such a refusal left nothing behind.
     * Anything else on a write (an error while sending the welcome message, an unknown code) may come after the
     * commit.
     */
    private static final Set<String> BEFORE_ANY_WRITE = Set.of("invalidtoken", "accessexception", "invalidparameter",
            "nopermissions", "requireloginerror", "invaliduser", "usernotconfirmed", "userdeleted",
            "guestsarenotallowed", "wsusercannotassign", "wsnoinstance", "wscannotenrol", "wscannotunenrol",
            "invalidrecord", "invalidcourseid", "sitemaintenance", "wsaccessuserdeleted", "wsaccessuserunconfirmed",
            "wsaccessusersuspended", "wsaccessuserexpired", "wsaccessusernologin", "keyalreadyset");

    private final String function;
    private final Kind kind;
    private final String errorCode;
    private final String debugInfo;
    private final int httpStatus;

    MoodleException(String function, Kind kind, String errorCode, String debugInfo, int httpStatus, String message) {
        super(function + ": " + message);
        this.function = function;
        this.kind = kind;
        this.errorCode = errorCode == null ? "" : errorCode;
        this.debugInfo = debugInfo;
        this.httpStatus = httpStatus;
    }

    /** Moodle's exception object. */
    static MoodleException refused(String function, String exception, String errorCode, String message, String debugInfo) {
        return new MoodleException(function, Kind.REFUSED, errorCode, debugInfo, 200,
                "Moodle answered " + exception + "/" + errorCode + ": " + message
                        + (debugInfo == null || debugInfo.isBlank() ? "" : " (debuginfo: " + debugInfo + ")"));
    }

    static MoodleException of(String function, Kind kind, int httpStatus, String message) {
        return new MoodleException(function, kind, "", null, httpStatus, message);
    }

    public String function() {
        return function;
    }

    public Kind kind() {
        return kind;
    }

    /** Moodle's errorcode (invalidtoken, nopermissions, wsusercannotassign…), or "" when Moodle did not answer one. */
    public String errorCode() {
        return errorCode;
    }

    /** Moodle's debuginfo: only present when the site has debugging on. */
    public String debugInfo() {
        return debugInfo;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True when Moodle may have saved what was asked although the call failed (commit, then error). */
    public boolean mayHaveWritten() {
        return switch (kind) {
            case UNREACHABLE -> false;
            case HTTP -> httpStatus >= 500;
            case NO_ANSWER, UNREADABLE -> true;
            case REFUSED -> !BEFORE_ANY_WRITE.contains(errorCode);
        };
    }
}
