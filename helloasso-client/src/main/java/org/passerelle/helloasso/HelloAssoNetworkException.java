package org.passerelle.helloasso;

/**
 * No HTTP answer: connection failure, timeout or interruption (after the retries allowed for the call). For anything
 * but a GET the outcome is UNCERTAIN: the request may have reached HelloAsso, so read back before trying again.
 */
public class HelloAssoNetworkException extends HelloAssoException {
    private final String method;
    private final String path;
    private final boolean timeout;

    public HelloAssoNetworkException(String method, String path, boolean timeout, Throwable cause) {
        super((timeout ? "Timed out waiting for HelloAsso on " : "No answer from HelloAsso to ") + method + " " + path
                + ("GET".equals(method) ? "" : " (the request may have reached HelloAsso: read back before retrying)")
                + ": " + cause, cause);
        this.method = method;
        this.path = path;
        this.timeout = timeout;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public boolean isTimeout() {
        return timeout;
    }
}
