package org.passerelle.gateway.refund;

/**
 * A refund or cancellation Passerelle will not do, or HelloAsso could not be asked about: nothing was changed.
 * {@code code} names the message {@code refund.error.<code>} (arguments {@code args}); {@code getMessage()} is the
 * English text for logs and APIs.
 */
public class RefundException extends RuntimeException {

    private final String code;
    private final transient Object[] args;

    public RefundException(String code, String message, Object... args) {
        super(message);
        this.code = code;
        this.args = args;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args.clone();
    }
}
