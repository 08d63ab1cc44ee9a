package org.passerelle.gateway.moodle;

/**
 * Moodle said no (an exception JSON, which Moodle answers with HTTP 200) or could not be reached. The message says
 * what to fix; the token never appears in it.
 */
public class MoodleException extends Exception {

    private final String errorCode;

    public MoodleException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** Moodle's errorcode (invalidtoken, nopermissions, invalidrecord…), or "network" / "http" / "response". */
    public String errorCode() {
        return errorCode;
    }
}
