package org.passerelle.helloasso;

/** Root of every error the client throws. Unchecked; messages never contain a token or a secret. */
public class HelloAssoException extends RuntimeException {

    public HelloAssoException(String message) {
        super(message);
    }

    public HelloAssoException(String message, Throwable cause) {
        super(message, cause);
    }
}
